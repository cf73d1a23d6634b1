package io.chfen.pipelines.cli;

import io.chfen.bench.CrawlBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen bench-crawl}: the crawl-stage benchmark (docs/benchmarks.md). */
@Command(
    name = "bench-crawl",
    mixinStandardHelpOptions = true,
    description = "Measure crawl pages/s and download MB/s on loopback; prints a table.")
final class BenchCrawlCommand implements Callable<Integer> {
  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Measured runs per scenario after a warm-up (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--media", description = "Media directory (default: the sample corpus).")
  Path media;

  @Override
  public Integer call() throws Exception {
    System.out.print(new CrawlBenchmark(DemoCommand.mediaDir(media), runs).run());
    return 0;
  }
}
