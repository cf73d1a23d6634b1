package io.chfen.pipelines.cli;

import io.chfen.pipelines.encode.EncodeConfig;
import java.util.List;
import picocli.CommandLine.Option;

/** The encode stage's settings on the command line (defaults: {@link EncodeConfig}). */
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
      names = "--frame-model",
      description =
          "An ONNX image encoder for the keyframes (a CLIP-style export: 224×224 RGB, CLIP's"
              + " mean/std); default: the engineered frame descriptor.")
  java.nio.file.Path frameModel;

  @Option(
      names = "--frame-model-size",
      description = "The frame model's input side in pixels (default 224).")
  Integer frameModelSize;

  @Option(
      names = "--vocals-model",
      description =
          "An ONNX audio encoder for the vocals (16 kHz waveform [N, samples] → [N, frames, D],"
              + " e.g. a wav2vec2 or emotion2vec export); default: engineered descriptors.")
  java.nio.file.Path vocalsModel;

  @Option(
      names = "--music-model",
      description = "An ONNX audio encoder for the music, as --vocals-model.")
  java.nio.file.Path musicModel;

  private static io.chfen.encode.OnnxAudioEncoder.Config audio(java.nio.file.Path model) {
    if (model == null) {
      return null;
    }
    io.chfen.encode.OnnxAudioEncoder.Config c = new io.chfen.encode.OnnxAudioEncoder.Config();
    c.model = model.toAbsolutePath().toString();
    c.standardize = true;
    return c;
  }

  EncodeConfig config(String defaultAnnotations) {
    EncodeConfig c = new EncodeConfig();
    c.vocalsModel = audio(vocalsModel);
    c.musicModel = audio(musicModel);
    if (frameModel != null) {
      c.frameModel = new io.chfen.encode.OnnxImageEncoder.Config();
      c.frameModel.model = frameModel.toAbsolutePath().toString();
      if (frameModelSize != null) {
        c.frameModel.width = frameModelSize;
        c.frameModel.height = frameModelSize;
      }
    }
    if (stepS != null) {
      if (stepS <= 0) {
        throw new IllegalArgumentException("--step-s must be positive, not " + stepS);
      }
      c.stepS = stepS;
    }
    if (ratios != null) {
      if (ratios.size() != 3
          || ratios.stream().anyMatch(r -> r < 0)
          || ratios.stream().mapToDouble(Double::doubleValue).sum() <= 0) {
        throw new IllegalArgumentException(
            "--split-ratios takes three non-negative shares, e.g. 0.8,0.1,0.1");
      }
      c.ratios = new double[] {ratios.get(0), ratios.get(1), ratios.get(2)};
    }
    if (shardsPerSplit != null) {
      if (shardsPerSplit < 1) {
        throw new IllegalArgumentException("--shards-per-split must be at least 1");
      }
      c.shardsPerSplit = shardsPerSplit;
    }
    c.annotations = annotations != null ? annotations : defaultAnnotations;
    return c;
  }
}
