package io.chfen.app.cli.dev;

import io.chfen.app.print.EvalTables;
import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.eval.CrawlEvaluation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen dev eval crawl}: field accuracy on real pages, generic markup and the pack. */
@Command(
    name = "crawl",
    mixinStandardHelpOptions = true,
    description =
        "Score metadata extraction on the real pages and API responses of page-fixtures.yaml:"
            + " generic markup alone (no site profile) and with the profile pack; prints a site ×"
            + " field table for each, the totals, and every check that failed.")
final class EvalCrawl implements Callable<Integer> {
  @Option(
      names = "--fixtures",
      paramLabel = "DIR",
      description =
          "The fixture files (default: $CHFEN_PAGE_FIXTURES, ../shared/fixtures/pages, then"
              + " .chfen/fixtures/pages).")
  Path fixtures;

  @Override
  public Integer call() throws Exception {
    Path dir =
        CrawlEvaluation.locate(fixtures)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no page fixtures found: give --fixtures DIR or set "
                            + CrawlEvaluation.ENV));
    List<CrawlEvaluation.Fixture> all = CrawlEvaluation.fixtures();
    Map<String, String> problems = CrawlEvaluation.problems(dir, all);
    problems.forEach((f, why) -> System.err.println("eval crawl: skipping " + f + ": " + why));
    List<CrawlEvaluation.Fixture> present = new ArrayList<>();
    all.stream().filter(f -> !problems.containsKey(f.file)).forEach(present::add);
    System.err.printf("eval crawl: %d of %d fixtures in %s%n", present.size(), all.size(), dir);
    CrawlConfig generic = CrawlConfig.defaults();
    generic.profilePack = false;
    CrawlConfig pack = CrawlConfig.defaults();
    List<CrawlEvaluation.Outcome> g = CrawlEvaluation.run(dir, present, generic);
    List<CrawlEvaluation.Outcome> p = CrawlEvaluation.run(dir, present, pack);
    System.out.print(EvalTables.crawl(g, p));
    return 0;
  }
}
