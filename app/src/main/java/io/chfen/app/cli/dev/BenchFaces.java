package io.chfen.app.cli.dev;

import io.chfen.app.bench.FaceBenchmark;
import io.chfen.app.cli.Runs;
import io.chfen.faces.FaceAnalyzer;
import io.chfen.layout.GroundTruth;
import io.chfen.models.ModelFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chfen dev bench faces}: face analysis speed per stage (docs/benchmarks.md). */
@Command(
    name = "faces",
    mixinStandardHelpOptions = true,
    description =
        "Measure face analysis speed on one thread (5 fps samples; detection, tracking, landmarks,"
            + " verification, embedding) on the sample corpus or the given videos; prints tables."
            + " Pin it to one core with taskset -c 0.")
final class BenchFaces implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "VIDEO", description = "Videos (default: the corpus).")
  List<Path> videos = new ArrayList<>();

  @Option(
      names = "--thorough-every",
      description =
          "Read the small-face tiles on every n-th sample (default: the analyzer's, 5; 1: always).")
  Integer thoroughEvery;

  @Override
  public Integer call() throws Exception {
    FaceAnalyzer.Settings settings = new FaceAnalyzer.Settings();
    if (thoroughEvery != null) {
      settings.thoroughEvery = thoroughEvery;
    }
    List<Path> files = videos;
    if (files.isEmpty()) {
      files = GroundTruth.videos(Runs.media(null));
    }
    System.out.print(new FaceBenchmark(files, ModelFiles.dir(), settings).run());
    return 0;
  }
}
