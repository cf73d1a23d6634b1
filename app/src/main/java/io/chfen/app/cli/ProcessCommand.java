package io.chfen.app.cli;

import io.chfen.app.print.Summaries;
import io.chfen.dataset.process.ProcessSpec;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.pipelines.process.ProcessPipeline;
import io.chfen.schemas.Schemas;
import io.chfen.storage.StoredRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code chfen process}: a crawl output's videos → artifacts/&lt;id&gt;/ in one decoding pass each.
 */
@Command(
    name = "process",
    mixinStandardHelpOptions = true,
    description = {
      "Decode each downloaded video once and run the analyzers (keyframes, audio, ...) into artifacts/<id>/.",
      "A re-run reuses complete artifact directories and retries the failed videos (--retry-failed:",
      "only those). Unrecognised --options are passed to Beam."
    })
final class ProcessCommand implements Callable<Integer> {
  @Option(
      names = "--in",
      required = true,
      description = "The crawl stage's output: a directory or s3://bucket/prefix.")
  Location in;

  @Option(names = "--out", description = "Output directory or s3://… (default: --in).")
  Location out;

  @Option(
      names = "--retry-failed",
      description =
          "Process only the videos the last run on this output dead-lettered (or never finished),"
              + " carrying the others over untouched; each failure keeps its earlier tries.")
  boolean retryFailed;

  @Mixin ProcessOptions processOptions = new ProcessOptions();

  @Mixin RunnerOptions runnerOptions = new RunnerOptions();

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Location dest = out != null ? out : in;
    List<String> args = runnerOptions.args(beamArgs);
    ProcessPipeline.Options o = Runs.options(args, ProcessPipeline.Options.class, "chfen-process");
    Runs.oneWorkerPerCore(o, args);
    o.setInput(in.toString());
    o.setOutput(dest.toString());
    o.setRetryFailed(retryFailed);
    ProcessSpec cfg = processOptions.config();
    Instant start = Instant.now();
    Runs.runWithProgress(o, () -> ProcessPipeline.run(o, cfg));
    long videosIn =
        StoredRecords.readAll(RunLayout.at(in).metadata(), Schemas.VIDEO_METADATA).size();
    return Summaries.process(dest, videosIn, start, System.out).reconciles() ? 0 : 3;
  }
}
