package io.chfen.app.cli;

import io.chfen.app.print.Summaries;
import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.files.Location;
import io.chfen.pipelines.encode.EncodePipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code chfen encode}: processed videos → Parquet tensor shards and manifest.json. */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description = {
      "Encode every processed video's modalities on a time grid into Parquet tensor shards by split,"
          + " with labels and manifest.json (shards/). Unrecognised --options are passed to Beam."
    })
final class EncodeCommand implements Callable<Integer> {
  @Option(
      names = "--in",
      required = true,
      description = "The process stage's output (processed/, artifacts/): a directory or s3://…")
  Location in;

  @Option(
      names = "--metadata",
      description = "The crawl stage's output, for titles (default: --in).")
  Location metadata;

  @Option(names = "--out", description = "Output directory or s3://… (default: --in).")
  Location out;

  @Option(
      names = "--retry-failed",
      description =
          "Encode only the videos the last run dead-lettered (or never encoded), carrying the"
              + " published shards' rows over as they are (their labels and encoders too).")
  boolean retryFailed;

  @Mixin EncodeOptions encodeOptions = new EncodeOptions();

  @Mixin RunnerOptions runnerOptions = new RunnerOptions();

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Location dest = out != null ? out : in;
    EncodePipeline.Options o =
        Runs.options(runnerOptions.args(beamArgs), EncodePipeline.Options.class, "chfen-encode");
    o.setInput(in.toString());
    o.setMetadata(metadata != null ? metadata.toString() : null);
    o.setOutput(dest.toString());
    o.setRetryFailed(retryFailed);
    EncodeSpec cfg = encodeOptions.config(null);
    Runs.runWithProgress(o, () -> EncodePipeline.run(o, cfg));
    Summaries.shards(dest, System.out);
    return 0;
  }
}
