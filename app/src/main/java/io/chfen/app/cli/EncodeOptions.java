package io.chfen.app.cli;

import io.chfen.app.print.Summaries;
import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.encode.OnnxAudioEncoder;
import io.chfen.encode.OnnxImageEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The encode stage's settings on the command line (defaults: {@link EncodeSpec}). */
final class EncodeOptions {
  @Option(names = "--step-s", description = "Seconds per step of the time grid (default 1).")
  Double stepS;

  @Option(
      names = "--split-ratios",
      split = ",",
      description = "Shares of train,validation,test (default 0.8,0.1,0.1).")
  List<Double> ratios;

  @Option(
      names = "--shards-per-split",
      description = "Parquet files per split (default 1; about 256-512 MB each suits readers).")
  Integer shardsPerSplit;

  @Option(
      names = "--annotations",
      description =
          "Emotion annotations (CSV or JSON Lines: video,annotator,modality,emotion,intensity);"
              + " 'sample' for the bundled ones.")
  String annotations;

  @Option(
      names = "--label-file",
      description =
          "A dataset's own label file (MER's label-disdim.csv, MMSA's label.csv for CH-SIMS v2 or"
              + " CMU-MOSEI...) read through --label-mapping; with build --from a list and a"
              + " mapping, the list itself.")
  String labels;

  @Option(
      names = "--label-mapping",
      description =
          "How --label-file maps onto Plutchik emotions and sentiment: mer2023, mer2024, cmu-mosei,"
              + " ch-sims-v2, or a YAML file in their format; its columns also name the list's"
              + " id, path and split for ingest.")
  String labelMapping;

  @Option(
      names = "--frame-model",
      description =
          "An ONNX image encoder for the keyframes (a CLIP-style export: 224×224 RGB, CLIP's"
              + " mean/std); default: MobileNetV2-1.4 (1792-d, built at setup from npm's nsfwjs).")
  Path frameModel;

  @Option(
      names = "--engineered-frames",
      description =
          "The keyframes as the engineered descriptor only (32-d, no model: the shards of schema"
              + " 2 and earlier); frameQuality holds it either way.")
  boolean engineeredFrames;

  @Option(
      names = "--frame-model-size",
      description = "The frame model's input side in pixels (default 224).")
  Integer frameModelSize;

  @Option(
      names = "--vocals-model",
      description =
          "An ONNX audio encoder for the vocals (16 kHz waveform [N, samples] → [N, frames, D],"
              + " e.g. a wav2vec2 or emotion2vec export); default: engineered descriptors.")
  Path vocalsModel;

  @Option(
      names = "--music-model",
      description = "An ONNX audio encoder for the music, as --vocals-model.")
  Path musicModel;

  private static OnnxAudioEncoder.Config audio(Path model) {
    if (model == null) {
      return null;
    }
    OnnxAudioEncoder.Config c = new OnnxAudioEncoder.Config();
    c.model = model.toAbsolutePath().toString();
    c.standardize = true;
    return c;
  }

  /**
   * The spec, validated: a bad setting is a start-up error naming it; the annotation file is read
   * once here, so a missing file fails before any work and its rejected rows are shown.
   */
  EncodeSpec config(String defaultAnnotations) throws IOException {
    return config(defaultAnnotations, null);
  }

  /**
   * As {@link #config(String)}, the label file defaulting to {@code defaultLabels} (the list a
   * build brings in) when a mapping is given without one.
   */
  EncodeSpec config(String defaultAnnotations, String defaultLabels) throws IOException {
    EncodeSpec c = new EncodeSpec();
    c.vocalsModel = audio(vocalsModel);
    c.musicModel = audio(musicModel);
    c.engineeredFrames = engineeredFrames;
    if (frameModel != null) {
      c.frameModel = new OnnxImageEncoder.Config();
      c.frameModel.model = frameModel.toAbsolutePath().toString();
      if (frameModelSize != null) {
        c.frameModel.width = frameModelSize;
        c.frameModel.height = frameModelSize;
      }
    }
    if (stepS != null) {
      c.stepS = stepS;
    }
    if (ratios != null) {
      c.ratios = ratios.stream().mapToDouble(Double::doubleValue).toArray();
    }
    if (shardsPerSplit != null) {
      c.shardsPerSplit = shardsPerSplit;
    }
    c.annotations = annotations != null ? annotations : defaultAnnotations;
    c.labelMapping = labelMapping;
    c.labels = labels != null ? labels : labelMapping != null ? defaultLabels : null;
    c.validate();
    if (c.annotations != null) {
      Summaries.annotations(c.annotations, c.annotationRows(), System.out);
    }
    if (c.labels != null) {
      Summaries.datasetLabels(c.labels, c.labelMapping, c.datasetLabels(), System.out);
    }
    return c;
  }
}
