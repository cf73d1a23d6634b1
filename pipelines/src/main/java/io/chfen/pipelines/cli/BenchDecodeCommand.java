package io.chfen.pipelines.cli;

import io.chfen.bench.DecodeBenchmark;
import io.chfen.corpus.SampleCorpus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen bench-decode}: single-pass decoding vs the ffmpeg CLI (docs/benchmarks.md). */
@Command(
    name = "bench-decode",
    mixinStandardHelpOptions = true,
    description =
        "Measure single-pass decoding and the process stage against ffmpeg's decode-only time; prints a table.")
final class BenchDecodeCommand implements Callable<Integer> {
  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Measured runs per file after a warm-up (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--media", description = "Directory of videos (default: the sample corpus).")
  Path media;

  @Override
  public Integer call() throws Exception {
    System.out.print(
        new DecodeBenchmark(SampleCorpus.videos(DemoCommand.mediaDir(media)), runs).run());
    return 0;
  }
}
