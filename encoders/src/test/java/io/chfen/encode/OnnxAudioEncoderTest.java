package io.chfen.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.formats.WavReader;
import io.chfen.models.TestModels;
import io.chfen.sample.SampleData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The generic ONNX audio-encoder path with a small wav2vec2-shaped model (waveform in, [N, frames,
 * 4] out; built by src/test/resources/models/make_conv_audio_encoder.py) on the corpus's vocals.
 */
class OnnxAudioEncoderTest {
  private static OnnxAudioEncoder.Config config(int batch) {
    OnnxAudioEncoder.Config c = new OnnxAudioEncoder.Config();
    c.model = TestModels.file("conv-audio-encoder.onnx").toString();
    c.sha256 = "af99dc03f0c73e0f046728bd683d02f7edb2cd2495aa452c3f1a22f35e17ef5f";
    c.batch = batch;
    return c;
  }

  @Test
  void stepsFollowTheSpeechAndBatchesMatchSingleSteps() throws Exception {
    Path vocals = SampleData.corpus().resolve("c09/truth/vocals.wav");
    float[] x = AudioDescriptors.mono16k(WavReader.read(vocals));
    float[][] batched = new OnnxAudioEncoder(config(16)).steps(x, 13, 1.0);
    float[][] single = new OnnxAudioEncoder(config(1)).steps(x, 13, 1.0);
    assertNull(batched[12], "past the 12 s clip");
    for (int s = 0; s < 12; s++) {
      assertEquals(4, batched[s].length);
      assertArrayEquals(single[s], batched[s], 1e-5f, "step " + s);
    }
    // steps with speech carry more energy through the filters than the pauses between sentences
    double loud = 0;
    double quiet = Double.MAX_VALUE;
    for (int s = 0; s < 12; s++) {
      double e = 0;
      for (float v : batched[s]) {
        e += v;
      }
      loud = Math.max(loud, e);
      quiet = Math.min(quiet, e);
    }
    assertTrue(loud > 5 * quiet + 1e-4, "speech " + loud + " vs pauses " + quiet);
    float[] clip = new OnnxAudioEncoder(config(16)).clip(x);
    assertEquals(4, clip.length);
  }
}
