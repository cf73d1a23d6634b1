package io.chfen.app.cli;

import io.chfen.app.print.Summaries;
import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.summary.CrawlSummary;
import io.chfen.files.Location;
import io.chfen.pipelines.ingest.IngestPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code chfen ingest}: a folder or a list of videos → the crawl's outputs, for process and encode.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Bring in videos you already have: every video or audio file under a folder, or every row of",
      "a list (CSV, TSV, JSON Lines, Parquet) with a path or an http(s) url column, is stored,",
      "described (the list's columns, else container tags, else the file name) and filtered like a",
      "crawled video, into the crawl's outputs (metadata, rejected, failures, pages, media); process",
      "and encode run on them. Ids: the list's id column, else the path within the folder or the",
      "list's folder, else a hash of the URL: the same on any machine. A list's split is kept."
    })
final class IngestCommand implements Callable<Integer> {
  @Mixin IngestOptions ingestOptions = new IngestOptions();

  @Option(
      names = "--label-mapping",
      description =
          "Read the list's id, path and split as a dataset's label mapping names them: mer2023,"
              + " mer2024, cmu-mosei, ch-sims-v2, or a YAML file (--column overrides).")
  String labelMapping;

  @Option(
      names = "--retry-failed",
      description =
          "Bring in only the items the last run on this output dead-lettered (or never finished),"
              + " carrying the others over untouched; each failure keeps its earlier tries.")
  boolean retryFailed;

  @Option(names = "--out", required = true, description = "Output directory or s3://bucket/prefix.")
  Location out;

  @Option(
      names = "--config",
      description = "Crawl config YAML: its filters and download caps apply (default: built in).")
  Path config;

  @Mixin RunnerOptions runnerOptions = new RunnerOptions();

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    CrawlConfig cfg = config == null ? CrawlConfig.defaults() : CrawlConfig.load(config);
    IngestPipeline.Options o =
        Runs.options(runnerOptions.args(beamArgs), IngestPipeline.Options.class, "chfen-ingest");
    if (ingestOptions.from == null) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "Missing required option: '--from=<from>'");
    }
    ingestOptions.applyTo(o, labelMapping);
    o.setOutput(out.toString());
    o.setRetryFailed(retryFailed);
    System.err.println("ingest: " + ingestOptions.from.toAbsolutePath() + " → " + out);
    Runs.runWithProgress(o, () -> IngestPipeline.run(o, cfg));
    CrawlSummary s = Summaries.crawl(out, System.out);
    return s.reconciles() ? 0 : 3;
  }
}
