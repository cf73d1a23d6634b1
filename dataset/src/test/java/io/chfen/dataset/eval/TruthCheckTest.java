package io.chfen.dataset.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.dataset.process.ProcessSpec;
import io.chfen.dataset.process.VideoProcessor;
import io.chfen.dataset.process.VideoProcessorTest;
import io.chfen.files.Location;
import io.chfen.records.VideoMetadata;
import io.chfen.sample.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's real outputs for corpus videos, scored against the corpus's truth. */
class TruthCheckTest {
  @TempDir Path out;

  @Test
  void scoresWhatThePipelineWroteAndCatchesOutputsThatAreWrong() throws Exception {
    Path corpus = SampleData.corpus();
    List<VideoMetadata> videos =
        List.of(
            VideoProcessorTest.video("t_c01", "c01.mp4"),
            VideoProcessorTest.video("t_c04", "c04.mp4"),
            VideoProcessorTest.video("t_c09", "c09.mp4"),
            // not a corpus video: its media matches no truth, so it is not scored
            VideoMetadata.newBuilder(VideoProcessorTest.video("t_other", "c04.mp4"))
                .setMediaSha256("0".repeat(64))
                .build());
    try (VideoProcessor p =
        new VideoProcessor(new ProcessSpec(), Location.of(corpus), Location.of(out))) {
      for (VideoMetadata v : videos) {
        p.process(v);
      }
    }

    List<TruthCheck.VideoScore> scores = TruthCheck.score(Location.of(out), corpus, videos);
    assertEquals(List.of("t_c01", "t_c04", "t_c09"), scores.stream().map(s -> s.id()).toList());
    assertNull(scores.get(2).separation(), "c09 has speech and no music: nothing to separate");
    for (TruthCheck.VideoScore s : scores.subList(0, 2)) {
      assertTrue(s.ocr().recall() >= 0.8, s.id() + " cue recall " + s.ocr().recall());
      assertTrue(s.ocr().cer() <= 0.05, s.id() + " CER " + s.ocr().cer());
      assertTrue(
          s.separation().vocalsGain() >= 3,
          s.id() + " separation gains " + s.separation().vocalsGain() + " dB");
    }
    TruthCheck.VideoScore c01 = scores.get(0);
    assertTrue(c01.faces().idf1() >= 0.85, "c01 IDF1 " + c01.faces().idf1());
    assertEquals(1, c01.persons());
    assertEquals(0, scores.get(1).persons(), "c04 has no faces");

    TruthCheck.Summary all = TruthCheck.summarize(scores);
    assertEquals(2, all.separated());
    assertTrue(all.vocalsSiSdr() > all.mixtureVocalsSiSdr());

    // outputs that belong to another video score as wrong: no cue found, separation worse than
    // leaving the mixture alone, the face boxes missed
    Path a = out.resolve("artifacts");
    for (String f : List.of("subtitles.srt", "vocals.wav", "music.wav", "faces.json")) {
      Files.copy(
          a.resolve("t_c04").resolve(f),
          a.resolve("t_c01").resolve(f),
          StandardCopyOption.REPLACE_EXISTING);
    }
    TruthCheck.VideoScore wrong =
        TruthCheck.score(Location.of(out), corpus, videos.subList(0, 1)).get(0);
    assertEquals(0, wrong.ocr().matched());
    assertTrue(wrong.separation().vocalsGain() < 0, "gain " + wrong.separation().vocalsGain());
    assertEquals(0.0, wrong.faces().idf1());

    // no artifact for a modality: every true cue missed, no separation figure
    Files.delete(a.resolve("t_c01").resolve("subtitles.srt"));
    Files.delete(a.resolve("t_c01").resolve("vocals.wav"));
    TruthCheck.VideoScore none =
        TruthCheck.score(Location.of(out), corpus, videos.subList(0, 1)).get(0);
    assertNotNull(none.ocr());
    assertEquals(0, none.ocr().recall());
    assertNull(none.separation());
  }
}
