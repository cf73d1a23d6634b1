package io.chfen.separation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.formats.WavReader;
import io.chfen.models.ModelFiles;
import io.chfen.sample.SampleData;
import java.util.SplittableRandom;
import org.jtransforms.fft.FloatFFT_1D;
import org.junit.jupiter.api.Test;

/** HT-Demucs's spectrogram done outside its ONNX graph, and the separator on real stems. */
class HtDemucsTest {
  /**
   * Demucs's {@code _ispec(_spec(x))} gives x back away from the segment's ends: the padding,
   * framing, normalisation and crop are undone exactly (a wrong hop, window, scale or offset is
   * not). Within 1.5 hops of each end Demucs's own inverse is attenuated (the two frames it drops
   * at each end come back as zeros), as here: there the waveform branch and the next segment's
   * blend carry the signal.
   */
  @Test
  void theSpectrogramInvertsToTheSegment() {
    float[] x = new float[HtDemucs.SEGMENT];
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.3 * Math.sin(i * 0.013) + 0.1 * r.nextGaussian());
    }
    FloatFFT_1D fft = new FloatFFT_1D(4096);
    float[] z = new float[2 * HtDemucs.BINS * HtDemucs.FRAMES];
    HtDemucs.spectrogram(fft, x, 0, z, 0);
    float[] y = new float[x.length];
    HtDemucs.inverse(fft, z, 0, y, 0);
    int edge = 1536;
    double error = 0;
    double signal = 0;
    for (int i = edge; i < x.length - edge - 1536; i++) {
      error += (x[i] - y[i]) * (x[i] - y[i]);
      signal += x[i] * x[i];
    }
    // the dropped Nyquist bin is all that is lost: for white noise 1/2049 of its power (-33 dB);
    // a wrong scale, offset or window is off by far more
    double db = 10 * Math.log10(error / signal);
    assertTrue(db < -40, "round trip error " + db + " dB");
    double first = 0;
    for (int i = 0; i < edge; i++) {
      first = Math.max(first, Math.abs(x[i] - y[i]));
    }
    assertTrue(first > 0.01, "Demucs's inverse is attenuated at the start: " + first);
  }

  /**
   * On a recorded voice over a song (field corpus f04, mono, in a room), the model's vocals and
   * music are far better than the mixture, sum to it exactly, and come back in the input's layout.
   */
  @Test
  void separatesARecordedVoiceFromASongAndTheStemsSumToTheMixture() throws Exception {
    java.nio.file.Path truth = SampleData.fieldCorpus().resolve("f04/truth");
    WavReader.Audio v = WavReader.read(truth.resolve("vocals.wav"));
    WavReader.Audio m = WavReader.read(truth.resolve("music.wav"));
    assertEquals(1, v.channels());
    float[] tv = v.interleaved();
    float[] tm = m.interleaved();
    float[] mix = new float[tv.length];
    for (int i = 0; i < mix.length; i++) {
      mix[i] = tv[i] + tm[i];
    }
    SpeechMusicSeparator.Result r =
        HtDemucs.shared(ModelFiles.dir())
            .withVad(SileroVad.shared(ModelFiles.dir()), 0.3)
            .separate(mix, 1, v.sampleRate());
    assertEquals(mix.length, r.vocals().length);
    double worst = 0;
    for (int i = 0; i < mix.length; i++) {
      worst = Math.max(worst, Math.abs(r.vocals()[i] + r.music()[i] - mix[i]));
    }
    assertTrue(worst <= 1e-6, "vocals + music - mixture up to " + worst);
    double gainV = SiSdr.of(r.vocals(), tv) - SiSdr.of(mix, tv);
    double gainM = SiSdr.of(r.music(), tm) - SiSdr.of(mix, tm);
    // measured 13.7 / 12.3 dB; the built-in separator gets 4.7 / 4.1 dB here
    assertTrue(gainV >= 10, "vocals SI-SDRi " + gainV);
    assertTrue(gainM >= 9, "music SI-SDRi " + gainM);
    assertTrue(r.speechFraction() > 0.3 && r.speechFraction() < 0.9, "" + r.speechFraction());
    assertTrue(Double.isFinite(r.speechToMusicDb()));
  }

  @Test
  void refusesWhatItWasNotTrainedOn() {
    HtDemucs d = HtDemucs.shared(ModelFiles.dir());
    assertThrows(IllegalArgumentException.class, () -> d.separate(new float[4800], 1, 48_000));
    assertThrows(IllegalArgumentException.class, () -> d.separate(new float[6000], 6, 44_100));
  }
}
