package io.chfen.app.cli;

import io.chfen.app.print.CrawlTables;
import io.chfen.app.print.Summaries;
import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.crawl.Explainer;
import io.chfen.dataset.summary.CrawlSummary;
import io.chfen.files.Location;
import io.chfen.pipelines.crawl.CrawlPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
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

  @Spec CommandSpec spec;

  @Option(
      names = "--explain",
      paramLabel = "URL|FILE",
      description =
          "Crawl nothing: show what one page or JSON response gives (every field with its value,"
              + " source and rule, the profile rules that found nothing, the next page, the"
              + " verdict). A URL is fetched as the crawl fetches it; a saved file is read as if"
              + " served from --page-url.")
  String explain;

  @Option(
      names = "--page-url",
      description =
          "With --explain FILE: the address the file was saved from (it picks the site profile"
              + " and resolves relative links). Default: the file's canonical link, else"
              + " http://localhost/<file name>.")
  String pageUrl;

  @Override
  public Integer call() throws Exception {
    CrawlOptions c = crawlOptions;
    if (explain != null) {
      Explainer.Explanation e = explain(c.crawlConfig(), explain, pageUrl);
      CrawlTables.explain(e, System.out);
      return 0;
    }
    CrawlSummary s =
        run(c.crawlConfig(), c.seeds, c.seedsFile, c.out(spec), runnerOptions.args(beamArgs));
    return s.reconciles() ? 0 : 3;
  }

  private static Explainer.Explanation explain(CrawlConfig cfg, String target, String pageUrl)
      throws Exception {
    if (target.matches("(?i)^https?://.*")) {
      return Explainer.live(cfg, target);
    }
    Path file = Path.of(target);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--explain: no such file or http(s) URL: " + target);
    }
    String url = pageUrl != null ? pageUrl : Explainer.savedAddress(file);
    return Explainer.file(cfg, file, url);
  }

  /** Runs the crawl stage with a progress line and prints its summary table. */
  static CrawlSummary run(
      CrawlConfig cfg, List<String> seeds, Path seedsFile, Location out, List<String> beamArgs)
      throws Exception {
    CrawlPipeline.Options o = Runs.options(beamArgs, CrawlPipeline.Options.class, "chfen-crawl");
    CrawlOptions.apply(o, seeds, seedsFile, out);
    System.err.println(
        "crawl: " + (seeds.size() + (seedsFile == null ? 0 : 1)) + " seed source(s) → " + out);
    Runs.runWithProgress(o, () -> CrawlPipeline.run(o, cfg));
    return Summaries.crawl(out, System.out);
  }
}
