package io.chfen.separation;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.chfen.models.Onnx;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Voice activity with Silero VAD v5 (ONNX Runtime): the probability of speech in each 32 ms window
 * (512 samples) of 16 kHz mono audio. The model is recurrent: a {@link Stream} carries its state
 * and the 64-sample context the model expects before each window from one call to the next.
 *
 * <p>The session is shared across threads; a stream belongs to one.
 */
public final class SileroVad implements AutoCloseable {
  public static final int RATE = 16_000;
  public static final int WINDOW = 512;
  static final String MODEL = "vad/silero_vad_v5.onnx";
  private static final int CONTEXT = 64;
  private static final ConcurrentMap<Path, SileroVad> SHARED = new ConcurrentHashMap<>();

  private final OrtEnvironment env = Onnx.env();
  private final OrtSession session;

  public SileroVad(Path modelsDir) {
    session = Onnx.session(modelsDir, MODEL);
  }

  /** The JVM's one instance for a models directory. */
  public static SileroVad shared(Path modelsDir) {
    return SHARED.computeIfAbsent(modelsDir.toAbsolutePath(), SileroVad::new);
  }

  /** Speech probability per window of a whole 16 kHz mono signal (a last partial window too). */
  public float[] probabilities(float[] pcm) {
    Stream s = stream();
    float[] p = s.push(pcm);
    float[] last = s.flush();
    float[] all = new float[p.length + last.length];
    System.arraycopy(p, 0, all, 0, p.length);
    System.arraycopy(last, 0, all, p.length, last.length);
    return all;
  }

  public Stream stream() {
    return new Stream();
  }

  /** One audio stream's recurrent state. */
  public final class Stream {
    private float[] state = new float[2 * 128];
    private final float[] input = new float[CONTEXT + WINDOW];
    private int filled = CONTEXT; // the context starts as silence

    /** Probabilities of the windows completed by these samples. */
    public float[] push(float[] pcm) {
      return push(pcm, 0, pcm.length);
    }

    /** Probabilities of the windows completed by these samples. */
    public float[] push(float[] pcm, int from, int to) {
      int windows = (filled - CONTEXT + (to - from)) / WINDOW;
      float[] out = new float[windows];
      int w = 0;
      for (int i = from; i < to; i++) {
        input[filled++] = pcm[i];
        if (filled == input.length) {
          out[w++] = run();
          System.arraycopy(input, WINDOW, input, 0, CONTEXT);
          filled = CONTEXT;
        }
      }
      return out;
    }

    /** The probability of a last partial window (zero-padded), if any samples are pending. */
    public float[] flush() {
      if (filled == CONTEXT) {
        return new float[0];
      }
      java.util.Arrays.fill(input, filled, input.length, 0f);
      filled = input.length;
      float p = run();
      filled = CONTEXT;
      return new float[] {p};
    }

    private float run() {
      try (OnnxTensor x =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, input.length});
          OnnxTensor st =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[] {2, 1, 128});
          OnnxTensor sr =
              OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {RATE}), new long[0]);
          OrtSession.Result r = session.run(Map.of("input", x, "state", st, "sr", sr))) {
        float p = ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
        state = ((OnnxTensor) r.get(1)).getFloatBuffer().array().clone();
        return p;
      } catch (OrtException e) {
        throw new IllegalStateException("Silero VAD failed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    // the sessions are the JVM's (Onnx), shared with every other user of the model
  }
}
