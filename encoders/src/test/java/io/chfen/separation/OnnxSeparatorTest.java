package io.chfen.separation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.formats.WavReader;
import io.chfen.models.ModelFiles;
import io.chfen.models.TestModels;
import io.chfen.sample.SampleData;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX separation path with a real ONNX model: midside_separator.onnx (built by
 * midside_separator.py beside it) puts the mid in "vocals" and the rest in "music".
 */
class OnnxSeparatorTest {
  @TempDir Path out;

  static OnnxSeparator.Config config() throws Exception {
    OnnxSeparator.Config c = new OnnxSeparator.Config();
    c.model = TestModels.separator().toString();
    c.segmentSeconds = 1;
    c.overlapSeconds = 0.25;
    return c;
  }

  /** A centred tone over side-only noise: 3.3 s, not a whole number of 1 s model segments. */
  @Test
  void segmentsAreCrossFadedBackIntoExactlyTheModelsOutput() throws Exception {
    int n = 44_100 * 33 / 10;
    float[] mix = new float[n * 2];
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < n; i++) {
      float tone = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 44_100.0));
      float side = (float) (0.2 * (rng.nextDouble() * 2 - 1));
      mix[2 * i] = tone + side;
      mix[2 * i + 1] = tone - side;
    }
    try (OnnxSeparator s = new OnnxSeparator(config())) {
      SpeechMusicSeparator.Result r = s.separate(mix, 2, 44_100);
      for (int i = 0; i < n; i++) {
        float tone = (mix[2 * i] + mix[2 * i + 1]) / 2;
        assertEquals(tone, r.vocals()[2 * i], 1e-5, "vocals at " + i);
        assertEquals(tone, r.vocals()[2 * i + 1], 1e-5);
        assertEquals(mix[2 * i] - tone, r.music()[2 * i], 1e-5, "music at " + i);
      }
    }
  }

  @Test
  void aMissingModelOrOneWithoutVocalsIsAClearError() throws Exception {
    OnnxSeparator.Config missing = config();
    missing.model = out.resolve("nope.onnx").toString();
    Exception e = assertThrows(IllegalStateException.class, () -> new OnnxSeparator(missing));
    assertTrue(e.getMessage().contains("nope.onnx"), e.getMessage());
    OnnxSeparator.Config noVocals = config();
    noVocals.sources = List.of("drums", "other");
    e = assertThrows(IllegalArgumentException.class, () -> new OnnxSeparator(noVocals));
    assertTrue(e.getMessage().contains("vocals"), e.getMessage());
    OnnxSeparator.Config corrupt = config();
    corrupt.sha256 = "0".repeat(64);
    e = assertThrows(IllegalStateException.class, () -> new OnnxSeparator(corrupt));
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
  }

  /** The model runs in the separation analyzer on a decoded corpus video. */
  @Test
  void theAnalyzerRunsTheModelOnADecodedVideo() throws Exception {
    try (SeparationAnalyzer a =
        new SeparationAnalyzer(
            OnnxSeparator.shared(config()), SileroVad.shared(ModelFiles.dir()))) {
      var r =
          new io.chfen.media.SinglePassDecoder(io.chfen.media.DecodeLimits.DEFAULT, 1)
              .decode(SampleData.corpus().resolve("c01.mp4"), List.of(a), out)
              .results()
              .get("separation");
      assertEquals("ok", r.getStatus(), String.valueOf(r));
    }
    WavReader.Audio v = WavReader.read(out.resolve("vocals.wav"));
    float[] x = v.interleaved();
    for (int i = 0; i < v.frames(); i++) {
      assertEquals(x[2 * i], x[2 * i + 1], 1e-4, "the mid is the same in both channels");
    }
  }
}
