package io.chfen.app.cli.dev;

import io.chfen.app.bench.DecodeBenchmark;
import io.chfen.app.cli.Runs;
import io.chfen.layout.GroundTruth;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen dev bench decode}: single-pass decoding vs the ffmpeg CLI (docs/benchmarks.md). */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description =
        "Measure single-pass decoding and the process stage against ffmpeg's decode-only time; prints a table.")
final class BenchDecode implements Callable<Integer> {
  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Measured runs per file after a warm-up (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--media", description = "Directory of videos (default: the sample corpus).")
  Path media;

  @Override
  public Integer call() throws Exception {
    System.out.print(new DecodeBenchmark(GroundTruth.videos(Runs.media(media)), runs).run());
    return 0;
  }
}
