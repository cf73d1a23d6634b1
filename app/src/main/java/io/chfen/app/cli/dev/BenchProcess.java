package io.chfen.app.cli.dev;

import io.chfen.app.bench.ProcessBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen dev bench process}: the whole process stage per core (docs/benchmarks.md). */
@Command(
    name = "process",
    mixinStandardHelpOptions = true,
    description = {
      "Run chfen process (every default analyzer on) pinned to 1 and 2 cores over a crawl's videos,",
      "once and replicated to --minutes of video; prints wall, CPU, peak RSS, the marginal",
      "throughput per core, the start-up, the ratio to ffmpeg's decode-only time on the same files,",
      "and where the CPU went. Needs a crawl output (./chfen demo --out out/demo makes one)."
    })
final class BenchProcess implements Callable<Integer> {
  @Option(
      names = "--in",
      defaultValue = "out/demo",
      description = "A crawl or ingest output on this disk (default ${DEFAULT-VALUE}).")
  Path in;

  @Option(
      names = "--work",
      defaultValue = "out/bench-process",
      description = "Where the replicated inputs and the outputs go; emptied first.")
  Path work;

  @Option(
      names = "--minutes",
      defaultValue = "10",
      description = "Video to replicate the corpus to, at least (default ${DEFAULT-VALUE}).")
  double minutes;

  @Option(
      names = "--cores",
      split = ",",
      defaultValue = "1,2",
      description = "Core counts to pin to, each a run pair (default ${DEFAULT-VALUE}).")
  List<Integer> cores;

  @Override
  public Integer call() throws Exception {
    System.out.print(
        new ProcessBenchmark(in.toAbsolutePath(), work.toAbsolutePath(), minutes * 60, cores)
            .run());
    return 0;
  }
}
