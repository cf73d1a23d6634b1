package io.chfen.models;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.chfen.files.FileOps;
import io.chfen.schemas.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime for the whole JVM: one environment, one session per model file (sessions are
 * thread-safe and shared by every worker thread), on the CUDA execution provider when one is usable
 * and on the CPU otherwise. Whether CUDA is usable is decided by trying: the GPU build of ONNX
 * Runtime reports CUDA as available even on a machine without a GPU, and only adding the provider
 * tells. The system property {@code chfen.device} forces {@code cpu} or {@code gpu} (default {@code
 * auto}).
 *
 * <p>Sessions run one intra-op thread: videos already run in parallel, one per core.
 */
public final class Onnx {
  private static final Logger LOG = LoggerFactory.getLogger(Onnx.class);
  private static final ConcurrentMap<Path, OrtSession> SESSIONS = new ConcurrentHashMap<>();
  private static volatile Boolean cuda;

  private Onnx() {}

  public static OrtEnvironment env() {
    return OrtEnvironment.getEnvironment();
  }

  /** The session of a registered model file (relative to the models directory), verified first. */
  public static OrtSession session(Path modelsDir, String file) {
    Path f = ModelFiles.verified(modelsDir, file);
    return open(f, false);
  }

  /**
   * {@link #session} for a model with large activations: without ONNX Runtime's CPU memory arena
   * and memory-pattern planning, which otherwise keep its peak allocations resident (HT-Demucs, one
   * thread: 5.4 GB peak RSS with them, 3.0 GB without, at the same speed).
   */
  public static OrtSession largeSession(Path modelsDir, String file) {
    Path f = ModelFiles.verified(modelsDir, file);
    return open(f, true);
  }

  /**
   * The session of a model outside the registry (a user's export), checked against {@code sha256}
   * when given.
   */
  public static OrtSession external(Path file, String sha256) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("model file " + file + " is missing");
    }
    if (sha256 != null) {
      try {
        String got = FileOps.sha256(file);
        if (!got.equals(sha256)) {
          throw new IllegalStateException(
              "model file " + file + " is corrupt: SHA-256 " + got + ", expected " + sha256);
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read model file " + file + ": " + e, e);
      }
    }
    return open(file, false);
  }

  /**
   * A user's model as an encoder runs it: its session, the input and output it reads (null: the
   * model's first), and the batch it allows (1 when the export fixes the batch dimension at 1).
   */
  public record Model(OrtSession session, String input, String output, int batch) {
    public static Model open(ModelConfig c) {
      String input = c.input;
      String output = c.output;
      int batch = c.batch;
      String file = c.model;
      OrtSession s = external(Path.of(file), c.sha256);
      try {
        String in = input != null ? input : s.getInputNames().iterator().next();
        String out = output != null ? output : s.getOutputNames().iterator().next();
        long[] shape = ((ai.onnxruntime.TensorInfo) s.getInputInfo().get(in).getInfo()).getShape();
        return new Model(s, in, out, shape.length > 0 && shape[0] == 1 ? 1 : Math.max(1, batch));
      } catch (OrtException e) {
        throw new IllegalStateException("cannot read the inputs of " + file + ": " + e, e);
      }
    }
  }

  /** A user's model file and how an encoder reads it; the encoders' configs extend it. */
  public abstract static class ModelConfig implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public String model;

    /** Checked before loading when set. */
    public String sha256;

    /** null: the model's first input. */
    public String input;

    /** null: the model's first output. */
    public String output;

    /** Inputs per run (1 regardless when the export fixes its batch dimension at 1). */
    public int batch;

    /** Scale each output vector to unit length. */
    public boolean normalize;

    protected ModelConfig(int batch, boolean normalize) {
      this.batch = batch;
      this.normalize = normalize;
    }
  }

  private static OrtSession open(Path f, boolean large) {
    return SESSIONS.computeIfAbsent(
        f.toAbsolutePath().normalize(),
        p -> {
          try {
            return env().createSession(p.toString(), options(large));
          } catch (OrtException e) {
            throw new IllegalStateException("cannot load model " + p + ": " + e.getMessage(), e);
          }
        });
  }

  /**
   * Inputs per call for the image models where the caller has many: 32 on a GPU, 1 on the CPU,
   * where one thread runs a batch of 32 slower than 32 single calls (MobileNetV2 0.89×, the
   * expression model 0.45×: docs/benchmarks.md, issue 22). Known once a session is open.
   */
  public static int batch() {
    return Boolean.TRUE.equals(cuda) ? 32 : 1;
  }

  /** The system property that picks the device: auto (default), cpu or gpu. */
  public static final String DEVICE_PROPERTY = "chfen.device";

  /** Where the sessions opened so far run: "cuda" or "cpu". */
  public static String device() {
    return Boolean.TRUE.equals(cuda) ? "cuda" : "cpu";
  }

  private static OrtSession.SessionOptions cpuOptions(boolean large) throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setIntraOpNumThreads(1);
    o.setInterOpNumThreads(1);
    if (large) {
      o.setCPUArenaAllocator(false);
      o.setMemoryPatternOptimization(false);
    }
    return o;
  }

  private static OrtSession.SessionOptions options(boolean large) throws OrtException {
    OrtSession.SessionOptions o = cpuOptions(large);
    Device want = Device.parse(System.getProperty(DEVICE_PROPERTY, Device.AUTO.toString()));
    if (want == Device.CPU) {
      return o;
    }
    if (Boolean.FALSE.equals(cuda)) {
      if (want == Device.GPU) {
        o.close();
        throw new IllegalStateException(
            DEVICE_PROPERTY + "=gpu, but ONNX Runtime found no usable CUDA earlier in this JVM");
      }
      return o;
    }
    try {
      o.addCUDA(0);
      if (cuda == null) {
        LOG.info("ONNX Runtime: CUDA execution provider in use");
      }
      cuda = true;
    } catch (OrtException | UnsatisfiedLinkError | IllegalArgumentException e) {
      if (want == Device.GPU) {
        throw new IllegalStateException(
            DEVICE_PROPERTY + "=gpu, but ONNX Runtime cannot use CUDA: " + e.getMessage(), e);
      }
      LOG.info("ONNX Runtime: no usable CUDA ({}); running on the CPU", firstLine(e.getMessage()));
      cuda = false;
      o.close();
      return cpuOptions(large);
    }
    return o;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no reason given";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
