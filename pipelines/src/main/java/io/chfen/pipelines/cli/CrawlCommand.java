package io.chfen.pipelines.cli;

import io.chfen.crawl.CrawlConfig;
import io.chfen.pipelines.crawl.CrawlPipeline;
import io.chfen.pipelines.crawl.CrawlSummary;
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
    setSeeds(o, seeds, seedsFile, out);
    System.err.println(
        "crawl: "
            + (seeds.size() + (seedsFile == null ? 0 : 1))
            + " seed source(s) → "
            + out.toAbsolutePath());
    Runs.runWithProgress(o, () -> CrawlPipeline.run(o, cfg));
    return printCrawlSummary(out);
  }

  static void setSeeds(CrawlPipeline.Options o, List<String> seeds, Path seedsFile, Path out) {
    o.setSeeds(String.join(",", seeds));
    if (seedsFile != null) {
      o.setSeedsFile(seedsFile.toString());
    }
    o.setOutput(out.toString());
  }

  static CrawlSummary printCrawlSummary(Path out) throws java.io.IOException {
    CrawlSummary s = CrawlSummary.read(out);
    s.writeJson(out.resolve("summary.json"));
    System.out.println();
    System.out.println("Crawl summary (" + out.toAbsolutePath() + ")");
    System.out.print(s.table());
    return s;
  }
}
