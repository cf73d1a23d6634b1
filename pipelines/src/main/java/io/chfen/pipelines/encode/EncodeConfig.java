package io.chfen.pipelines.encode;

import io.chfen.encode.OnnxAudioEncoder;
import io.chfen.encode.OnnxImageEncoder;
import io.chfen.labels.Annotations;
import io.chfen.labels.Consensus;
import io.chfen.models.ModelFiles;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** What the encode stage does; serializable, so Beam ships it to workers. */
public final class EncodeConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final List<String> SPLITS = List.of("train", "validation", "test");

  /** Seconds per step of the time grid. */
  public double stepS = 1.0;

  /** Shares of train, validation and test (they need not sum to 1: they are normalized). */
  public double[] ratios = {0.8, 0.1, 0.1};

  /** Parquet files per split; a video's file is a hash of its id, so the layout is stable. */
  public int shardsPerSplit = 1;

  /** Parquet row-group size in bytes (readers load a row group at a time). */
  public int rowGroupBytes = 64 << 20;

  /** An annotations file (CSV or JSON Lines), "sample" for the bundled ones, or null for none. */
  public String annotations;

  /** Per-video mean alpha under which a labelled video is flagged as low agreement. */
  public double agreementFloor = 0.4;

  /** An ONNX image encoder for the keyframes (null: the engineered frame descriptor). */
  public OnnxImageEncoder.Config frameModel;

  /** ONNX audio encoders for the vocals and the music (null: the engineered descriptors). */
  public OnnxAudioEncoder.Config vocalsModel;

  public OnnxAudioEncoder.Config musicModel;

  /** Where fetched models lie (null: ModelFiles.dir()). */
  public String modelsDir;

  public Path models() {
    return modelsDir != null ? Path.of(modelsDir) : ModelFiles.dir();
  }

  /** The annotators' consensus (empty when there are no annotations). */
  public Consensus consensus() throws IOException {
    if (annotations == null) {
      return new Consensus(List.of(), agreementFloor);
    }
    Annotations.Import in =
        annotations.equals("sample")
            ? Annotations.sample()
            : Annotations.read(Path.of(annotations));
    return new Consensus(in.rows(), agreementFloor);
  }

  /** A video's split: where the first 8 bytes of SHA-256(id) fall among the ratios. */
  public String split(String id) {
    double u = unit(id, "split");
    double total = ratios[0] + ratios[1] + ratios[2];
    if (u < ratios[0] / total) {
      return SPLITS.get(0);
    }
    return u < (ratios[0] + ratios[1]) / total ? SPLITS.get(1) : SPLITS.get(2);
  }

  /** A video's file within its split. */
  public int shard(String id) {
    return (int) Math.min(shardsPerSplit - 1, Math.floor(unit(id, "shard") * shardsPerSplit));
  }

  /** A number in [0, 1) from SHA-256(salt + ":" + id). */
  private static double unit(String id, String salt) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest((salt + ":" + id).getBytes(StandardCharsets.UTF_8));
      long bits = ByteBuffer.wrap(h, 0, 8).getLong() >>> 11; // 53 bits, exact in a double
      return bits / (double) (1L << 53);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
