package io.chfen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.sample.SampleData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The container's facts of the sample corpus's files, without decoding them. */
class MediaProbeTest {
  @Test
  void aVideoAndAnAudioOnlyFileAndText() throws Exception {
    Path corpus = SampleData.corpus();
    MediaProbe.Probe v = MediaProbe.probe(corpus.resolve("c09.mp4"));
    assertTrue(v.hasVideo());
    assertEquals(720, v.info().width());
    assertEquals(1280, v.info().height());
    assertEquals(12.0, v.info().durationS(), 0.1);
    assertTrue(v.info().hasAudio());

    MediaProbe.Probe a = MediaProbe.probe(corpus.resolve("b_audio_only.mp4"));
    assertFalse(a.hasVideo());
    assertEquals(0, a.info().width());
    assertTrue(a.info().hasAudio());

    assertEquals(
        "not_media",
        assertThrows(MediaException.class, () -> MediaProbe.probe(corpus.resolve("b_text.mp4")))
            .reason());
  }
}
