package io.chfen.app.cli;

import io.chfen.app.print.Summaries;
import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.summary.CrawlSummary;
import io.chfen.pipelines.crawl.CrawlPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/** {@code chfen crawl}: seeds → metadata, rejected, failures, pages and media. */
@Command(
    name = "crawl",
    mixinStandardHelpOptions = true,
    description = {
      "Crawl short-video pages from seeds, filter and de-duplicate the videos, download their media.",
      "Unrecognised --options are passed to Beam (e.g. --runner=DirectRunner --targetParallelism=4)."
    })
final class CrawlCommand implements Callable<Integer> {
  @Mixin CrawlOptions crawlOptions = new CrawlOptions();

  @Mixin RunnerOptions runnerOptions = new RunnerOptions();

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    CrawlOptions c = crawlOptions;
    CrawlSummary s =
        run(c.crawlConfig(), c.seeds, c.seedsFile, c.out, runnerOptions.args(beamArgs));
    return s.reconciles() ? 0 : 3;
  }

  /** Runs the crawl stage with a progress line and prints its summary table. */
  static CrawlSummary run(
      CrawlConfig cfg, List<String> seeds, Path seedsFile, Path out, List<String> beamArgs)
      throws Exception {
    CrawlPipeline.Options o = Runs.options(beamArgs, CrawlPipeline.Options.class, "chfen-crawl");
    CrawlOptions.apply(o, seeds, seedsFile, out);
    System.err.println(
        "crawl: "
            + (seeds.size() + (seedsFile == null ? 0 : 1))
            + " seed source(s) → "
            + out.toAbsolutePath());
    Runs.runWithProgress(o, () -> CrawlPipeline.run(o, cfg));
    return Summaries.crawl(out, System.out);
  }
}
