package io.chfen.dataset.encode;

import io.chfen.dataset.labels.Annotations;
import io.chfen.dataset.labels.Consensus;
import io.chfen.dataset.labels.DatasetLabels;
import io.chfen.dataset.labels.LabelMapping;
import io.chfen.encode.OnnxAudioEncoder;
import io.chfen.encode.OnnxImageEncoder;
import io.chfen.models.ModelFiles;
import io.chfen.models.Onnx;
import io.chfen.records.Annotation;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.ShardManifest;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the encode stage does; serializable, so Beam ships it to workers. */
public final class EncodeSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Seconds per step of the time grid. */
  public double stepS = 1.0;

  /** Shares of train, validation and test (they need not sum to 1: they are normalized). */
  public double[] ratios = {0.8, 0.1, 0.1};

  /** Parquet files per split; a video's file is a hash of its id, so the layout is stable. */
  public int shardsPerSplit = 1;

  /** Parquet row-group size in bytes (readers load a row group at a time). */
  public int rowGroupBytes = 64 << 20;

  /** {@link #annotations} naming the bundled sample annotations. */
  public static final String SAMPLE_ANNOTATIONS = "sample";

  /** An annotations file (CSV or JSON Lines), "sample" for the bundled ones, or null for none. */
  public String annotations;

  /**
   * A dataset's own label file (MER's label-disdim.csv, MMSA's label.csv...) read through {@link
   * #labelMapping}, or null for none.
   */
  public String labels;

  /** The label mapping: a built-in name ({@link LabelMapping#BUILT_IN}) or a YAML file. */
  public String labelMapping;

  /** Per-video mean alpha under which a labelled video is flagged as low agreement. */
  public double agreementFloor = 0.4;

  /** An ONNX image encoder for the keyframes (null: {@link SampleEncoder#FRAME_MODEL}). */
  public OnnxImageEncoder.Config frameModel;

  /** The keyframes as the engineered descriptor only, no frame model (schema 2's frames). */
  public boolean engineeredFrames;

  /** ONNX audio encoders for the vocals and the music (null: the engineered descriptors). */
  public OnnxAudioEncoder.Config vocalsModel;

  public OnnxAudioEncoder.Config musicModel;

  /** Where fetched models lie (null: ModelFiles.dir()). */
  public String modelsDir;

  /** Throws naming the first bad setting and what it may be; returns this spec. */
  public EncodeSpec validate() {
    if (!(stepS > 0)) {
      throw new IllegalArgumentException(
          "the step must be a positive number of seconds, not " + stepS);
    }
    if (ratios == null
        || ratios.length != 3
        || Arrays.stream(ratios).anyMatch(r -> !(r >= 0))
        || Arrays.stream(ratios).sum() <= 0) {
      throw new IllegalArgumentException(
          "the split ratios are three non-negative shares of train, validation and test, e.g."
              + " 0.8,0.1,0.1, not "
              + Arrays.toString(ratios));
    }
    if (shardsPerSplit < 1) {
      throw new IllegalArgumentException(
          "shards per split must be at least 1, not " + shardsPerSplit);
    }
    if (rowGroupBytes < 1) {
      throw new IllegalArgumentException("the row group size must be positive");
    }
    if (engineeredFrames && frameModel != null) {
      throw new IllegalArgumentException("a frame model and engineered frames exclude each other");
    }
    for (Onnx.ModelConfig m : Arrays.asList(frameModel, vocalsModel, musicModel)) {
      if (m != null && (m.model == null || !Files.isRegularFile(Path.of(m.model)))) {
        throw new IllegalArgumentException("the encoder model " + m.model + " is not a file");
      }
    }
    if (annotations != null
        && !annotations.equals(SAMPLE_ANNOTATIONS)
        && !Files.isRegularFile(Path.of(annotations))) {
      throw new IllegalArgumentException(
          "the annotations " + annotations + " are not a file (or '" + SAMPLE_ANNOTATIONS + "')");
    }
    if (labels != null && !Files.isRegularFile(Path.of(labels))) {
      throw new IllegalArgumentException("the label file " + labels + " is not a file");
    }
    if ((labels == null) != (labelMapping == null)) {
      throw new IllegalArgumentException(
          "a label file and its mapping go together (--label-file FILE --label-mapping "
              + String.join("|", LabelMapping.BUILT_IN)
              + "|YAML)");
    }
    if (labelMapping != null) {
      try {
        LabelMapping.load(labelMapping);
      } catch (IOException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return this;
  }

  /** What runs, for people: the grid, the splits, the encoder of each tensor and its model. */
  public Map<String, String> describe() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("stepSeconds", Double.toString(stepS));
    d.put("splitRatios", Arrays.toString(ratios));
    d.put("shardsPerSplit", Integer.toString(shardsPerSplit));
    d.put("annotations", String.valueOf(annotations));
    if (labels != null) {
      d.put("labels", labels + " (" + labelMapping + ")");
    }
    SampleEncoder.encoders().forEach((k, v) -> d.put("encoder " + k, v));
    if (engineeredFrames) {
      d.put("encoder frames", SampleEncoder.FRAMES_ENCODER + " (engineered)");
    }
    if (frameModel != null) {
      d.put("encoder frames", frameModel.model + " " + frameModel.sha256);
    }
    if (vocalsModel != null) {
      d.put("encoder vocals", vocalsModel.model + " " + vocalsModel.sha256);
    }
    if (musicModel != null) {
      d.put("encoder music", musicModel.model + " " + musicModel.sha256);
    }
    return d;
  }

  public Path models() {
    return modelsDir != null ? Path.of(modelsDir) : ModelFiles.dir();
  }

  /** The annotation rows read and those rejected, each with its line (none without a file). */
  public Annotations.Import annotationRows() throws IOException {
    if (annotations == null) {
      return new Annotations.Import(List.of(), List.of());
    }
    return annotations.equals(SAMPLE_ANNOTATIONS)
        ? Annotations.sample()
        : Annotations.read(Path.of(annotations));
  }

  /** The dataset's own labels through their mapping ({@link DatasetLabels.Import#NONE} without). */
  public DatasetLabels.Import datasetLabels() throws IOException {
    return labels == null
        ? DatasetLabels.Import.NONE
        : DatasetLabels.read(Path.of(labels), LabelMapping.load(labelMapping));
  }

  /**
   * Every emotion judgement: the annotations' rows and the dataset labels' (one annotator).
   *
   * @param labels {@link #datasetLabels()}, read once by the caller
   */
  public List<Annotation> emotionRows(DatasetLabels.Import labels) throws IOException {
    List<Annotation> rows = new ArrayList<>(annotationRows().rows());
    rows.addAll(labels.emotions());
    return rows;
  }

  /** The annotators' consensus over {@link #emotionRows} (empty when there are none). */
  public Consensus consensus(DatasetLabels.Import labels) throws IOException {
    return new Consensus(emotionRows(labels), agreementFloor);
  }

  /**
   * A video's split: the one its source gave (a dataset's own split, never re-drawn), else {@link
   * #split(String)}.
   */
  public String split(String id, VideoMetadata meta) {
    return meta != null && meta.getSplit() != null ? meta.getSplit().toString() : split(id);
  }

  /** A video's split: where the first 8 bytes of SHA-256(id) fall among the ratios. */
  public String split(String id) {
    double u = unit(id, "split");
    double total = ratios[0] + ratios[1] + ratios[2];
    if (u < ratios[0] / total) {
      return ShardManifest.TRAIN;
    }
    return u < (ratios[0] + ratios[1]) / total ? ShardManifest.VALIDATION : ShardManifest.TEST;
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
