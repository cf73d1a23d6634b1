package io.chfen.dataset.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.artifacts.SubtitleCue;
import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.dataset.encode.SampleEncoder;
import io.chfen.dataset.encode.SampleEncoderTest;
import io.chfen.encode.CtcTranscriber;
import io.chfen.files.Location;
import io.chfen.formats.Srt;
import io.chfen.layout.ArtifactFiles;
import io.chfen.models.TestModels;
import io.chfen.ocr.OcrEngine;
import io.chfen.records.EncodedSample;
import io.chfen.records.ModalityResult;
import io.chfen.records.VideoArtifacts;
import io.chfen.sample.SampleData;
import io.chfen.schemas.Tensors;
import io.chfen.separation.SpeechSegments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speech to text on real video with the committed test model (make_ctc_syllable_asr.py: one "la"
 * per loud run): the transcript follows the speech segments and becomes the text modality.
 */
class TranscriptTest {
  @TempDir Path out;

  /** The syllable counter of encoders' test models, or {@code model} where it does not exist. */
  private static ProcessSpec withAsr(Path model) {
    ProcessSpec c = new ProcessSpec();
    c.asr = new CtcTranscriber.Config();
    c.asr.model = model.toAbsolutePath().toString();
    c.asr.tokens = TestModels.file("ctc-syllable-asr.tokens").toString();
    return c;
  }

  @Test
  void aVideoWithoutSubtitlesGetsItsSpeechAsText() throws Exception {
    Path corpus = SampleData.corpus();
    ProcessSpec c = withAsr(TestModels.file("ctc-syllable-asr.onnx"));
    c.ocrEngine = OcrEngine.Kind.NONE; // as if c04 had no subtitles
    VideoArtifacts a;
    try (VideoProcessor p = new VideoProcessor(c, Location.of(corpus), Location.of(out))) {
      a = p.process(VideoProcessorTest.video("t_c04", "c04.mp4")).artifacts();
    }
    ModalityResult t = a.getModalities().get("transcript");
    assertEquals("ok", t.getStatus(), String.valueOf(t));
    Path dir = out.resolve(a.getArtifactsDir());
    List<SubtitleCue> cues = Srt.parse(Files.readString(dir.resolve(ArtifactFiles.TRANSCRIPT)));
    List<SpeechSegments.Segment> speech = SpeechSegments.read(dir.resolve("speech_segments.json"));
    assertTrue(cues.size() >= 2, "c04 speaks in several segments: " + cues);
    for (SubtitleCue cue : cues) {
      assertTrue(cue.text().matches("la( la)*"), cue.text());
      assertTrue(
          speech.stream().anyMatch(s -> s.startMs() == cue.startMs() && s.endMs() == cue.endMs()),
          "a cue is a speech segment: " + cue);
    }
    assertEquals(
        cues.stream().mapToLong(x -> x.text().split(" ").length).sum(),
        t.getStats().get("words").longValue());

    // the encode stage reads it as the text modality, on the steps the speech covers
    try (SampleEncoder enc = new SampleEncoder(new EncodeSpec())) {
      EncodedSample s = enc.encode(a, dir, SampleEncoderTest.titled("alsa"), null, "test");
      boolean[] text = Tensors.booleans(s.getTextMask());
      int on = 0;
      for (int step = 0; step < text.length; step++) {
        if (text[step]) {
          on++;
          long from = step * 1000L;
          long to = from + 1000;
          assertTrue(
              cues.stream().anyMatch(x -> x.startMs() < to && x.endMs() > from),
              "step " + step + " has text but no speech");
        }
      }
      assertTrue(on >= 4, on + " steps with text");
    }
  }

  @Test
  void aMissingModelIsANoteNotAFailureAndSubtitlesComeFirst() throws Exception {
    Path corpus = SampleData.corpus();
    ProcessSpec missing = withAsr(out.resolve("no-such-model.onnx"));
    missing.ocrEngine = OcrEngine.Kind.NONE;
    try (VideoProcessor p =
        new VideoProcessor(missing, Location.of(corpus), Location.of(out.resolve("missing")))) {
      VideoArtifacts a = p.process(VideoProcessorTest.video("t_c04", "c04.mp4")).artifacts();
      ModalityResult t = a.getModalities().get("transcript");
      assertEquals("absent", t.getStatus());
      assertEquals("asr_model_missing", t.getReason());
      assertTrue(t.getMessage().contains("no-such-model.onnx"), t.getMessage());
      assertEquals("ok", a.getModalities().get("separation").getStatus());
    }
    try (VideoProcessor p =
        new VideoProcessor(
            withAsr(TestModels.file("ctc-syllable-asr.onnx")),
            Location.of(corpus),
            Location.of(out.resolve("subs")))) {
      VideoArtifacts a = p.process(VideoProcessorTest.video("t_c04", "c04.mp4")).artifacts();
      assertEquals("subtitles_present", a.getModalities().get("transcript").getReason());
    }
  }
}
