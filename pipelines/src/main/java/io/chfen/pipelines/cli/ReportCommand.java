package io.chfen.pipelines.cli;

import io.chfen.report.QualityReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen report}: the dataset quality report of a build output. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Write the dataset quality report (one self-contained HTML page with charts) of a build"
            + " output: <in>/report/index.html.")
final class ReportCommand implements Callable<Integer> {
  @Option(
      names = "--in",
      defaultValue = "out/demo",
      description = "A build or demo output (default ${DEFAULT-VALUE}).")
  Path in;

  @Override
  public Integer call() throws Exception {
    Path f = QualityReport.write(in);
    System.out.println("Quality report: " + f.toAbsolutePath());
    return 0;
  }
}
