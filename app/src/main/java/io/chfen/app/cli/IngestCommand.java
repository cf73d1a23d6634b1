package io.chfen.app.cli;

import io.chfen.app.print.Summaries;
import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.summary.CrawlSummary;
import io.chfen.pipelines.ingest.IngestPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code chfen ingest}: a folder of media files → the crawl's outputs, for process and encode. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Bring in videos you already have: every video or audio file under a folder is stored,",
      "described (container tags, else the file name) and filtered like a crawled video, into the",
      "crawl's outputs (metadata, rejected, failures, pages, media); process and encode run on them.",
      "Ids come from each file's path within the folder: the same on any machine."
    })
final class IngestCommand implements Callable<Integer> {
  @Option(names = "--from", required = true, description = "The folder of media files.")
  Path from;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

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
    o.setFrom(from.toString());
    o.setOutput(out.toString());
    System.err.println("ingest: " + from.toAbsolutePath() + " → " + out.toAbsolutePath());
    Runs.runWithProgress(o, () -> IngestPipeline.run(o, cfg));
    CrawlSummary s = Summaries.crawl(out, System.out);
    return s.reconciles() ? 0 : 3;
  }
}
