package io.chfen.separation;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.chfen.models.Onnx;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A user's waveform separation model (an ONNX export of HT-Demucs, Open-Unmix, MDX-Net or the like)
 * run through ONNX Runtime: input {@code [1, channels, samples]}, output {@code [1, sources,
 * channels, samples]}. The model sees fixed-length segments; they overlap and are cross-faded here,
 * outside the graph, so memory stays bounded whatever the input's length. The source named {@code
 * vocals} is the vocals; the music is every other source summed.
 *
 * <p>The session is shared across threads (ONNX Runtime sessions are).
 */
public final class OnnxSeparator implements Separator, AutoCloseable {
  /** Where the model is and how it is shaped. */
  public static final class Config implements Serializable {
    private static final long serialVersionUID = 1L;
    public String model;

    /** Its SHA-256, checked at load when given. */
    public String sha256;

    public String input = "mix";

    /** The output's sources in order; one must be "vocals". */
    public List<String> sources = List.of("vocals", "music");

    public int sampleRate = 44_100;
    public int channels = 2;
    public double segmentSeconds = 10;
    public double overlapSeconds = 1;

    /** Throws naming what is wrong with these settings; returns them. */
    public Config validate() {
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("the ONNX separator needs a model file");
      }
      if (!sources.contains("vocals")) {
        throw new IllegalArgumentException(
            "the ONNX separator's sources " + sources + " name no 'vocals'");
      }
      if (segmentSeconds <= 0 || overlapSeconds < 0 || overlapSeconds >= segmentSeconds) {
        throw new IllegalArgumentException(
            "the ONNX separator needs 0 <= overlap < segment seconds, not "
                + overlapSeconds
                + " and "
                + segmentSeconds);
      }
      return this;
    }
  }

  private static final java.util.concurrent.ConcurrentMap<String, OnnxSeparator> SHARED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Config c;
  private final OrtEnvironment env = Onnx.env();
  private final OrtSession session;
  private final int vocals;

  public OnnxSeparator(Config config) {
    this.c = config.validate();
    this.vocals = config.sources.indexOf("vocals");
    session = Onnx.external(Path.of(config.model), config.sha256);
  }

  /** The JVM's one instance for a model file (separation models are large; sessions are shared). */
  public static OnnxSeparator shared(Config config) {
    return SHARED.computeIfAbsent(
        config.model
            + "|"
            + config.sources
            + "|"
            + config.segmentSeconds
            + "|"
            + config.overlapSeconds,
        k -> new OnnxSeparator(config));
  }

  @Override
  public SpeechMusicSeparator.Result separate(float[] mix, int channels, int rate) {
    if (rate != c.sampleRate) {
      throw new IllegalArgumentException(
          "the ONNX separator takes " + c.sampleRate + " Hz, not " + rate);
    }
    int n = mix.length / channels;
    int seg = (int) Math.round(c.segmentSeconds * rate);
    int ov = Math.min(seg / 2, (int) Math.round(c.overlapSeconds * rate));
    int step = seg - ov;
    float[] vocalsOut = new float[n * c.channels];
    float[] musicOut = new float[n * c.channels];
    float[] weight = new float[n];
    float[] planar = new float[c.channels * seg];
    for (int start = 0; start < n; start += step) {
      int len = Math.min(seg, n - start);
      java.util.Arrays.fill(planar, 0);
      for (int i = 0; i < len; i++) {
        for (int ch = 0; ch < c.channels; ch++) {
          planar[ch * seg + i] = mix[(start + i) * channels + Math.min(ch, channels - 1)];
        }
      }
      float[] out = run(planar, seg);
      int sources = out.length / (c.channels * seg);
      for (int i = 0; i < len; i++) {
        // linear cross-fades over the overlaps (none at the signal's ends); dividing by the sum
        // of weights at the end makes any positive weights exact
        float fadeIn = start == 0 ? 1 : Math.min(1f, (i + 1f) / (ov + 1));
        float fadeOut = start + len >= n ? 1 : Math.min(1f, (len - i) / (ov + 1f));
        float w = Math.min(fadeIn, fadeOut);
        weight[start + i] += w;
        for (int ch = 0; ch < c.channels; ch++) {
          for (int s = 0; s < sources; s++) {
            float v = out[(s * c.channels + ch) * seg + i] * w;
            if (s == vocals) {
              vocalsOut[(start + i) * c.channels + ch] += v;
            } else {
              musicOut[(start + i) * c.channels + ch] += v;
            }
          }
        }
      }
      if (start + len >= n) {
        break;
      }
    }
    float[] v = new float[mix.length];
    float[] m = new float[mix.length];
    for (int i = 0; i < n; i++) {
      for (int ch = 0; ch < channels; ch++) {
        int src = i * c.channels + Math.min(ch, c.channels - 1);
        v[i * channels + ch] = vocalsOut[src] / weight[i];
        m[i * channels + ch] = musicOut[src] / weight[i];
      }
    }
    return new SpeechMusicSeparator.Result(v, m, Double.NaN, Double.NaN, Double.NaN, null);
  }

  private float[] run(float[] planar, int seg) {
    try (OnnxTensor x =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(planar), new long[] {1, c.channels, seg});
        OrtSession.Result r = session.run(Map.of(c.input, x))) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().array();
    } catch (OrtException e) {
      throw new IllegalStateException(
          "separation model " + c.model + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    // the sessions are the JVM's (Onnx), shared with every other user of the model
  }
}
