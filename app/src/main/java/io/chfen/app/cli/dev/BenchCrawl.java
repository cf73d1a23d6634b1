package io.chfen.app.cli.dev;

import io.chfen.app.bench.CrawlBenchmark;
import io.chfen.app.cli.Runs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen dev bench crawl}: the crawl-stage benchmark (docs/benchmarks.md). */
@Command(
    name = "crawl",
    mixinStandardHelpOptions = true,
    description =
        "Measure crawl pages/s and download MB/s on loopback, and what pages made to break a"
            + " crawler cost; prints tables.")
final class BenchCrawl implements Callable<Integer> {
  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Measured runs per scenario after a warm-up (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--media", description = "Media directory (default: the sample corpus).")
  Path media;

  @Override
  public Integer call() throws Exception {
    System.out.print(new CrawlBenchmark(Runs.media(media), runs).run());
    return 0;
  }
}
