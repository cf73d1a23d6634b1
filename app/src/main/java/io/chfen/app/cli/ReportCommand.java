package io.chfen.app.cli;

import io.chfen.app.report.QualityReport;
import io.chfen.files.Location;
import io.chfen.sample.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

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
      description = "A build or demo output, a directory or s3://… (default ${DEFAULT-VALUE}).")
  Location in;

  @Mixin RunnerOptions runnerOptions = new RunnerOptions();

  @Unmatched List<String> storageArgs = new ArrayList<>();

  @Option(
      names = "--truth",
      paramLabel = "DIR",
      description =
          "A sample corpus with ground truth (cNN.mp4, cNN/truth/): the build's videos that are"
              + " its videos are scored against it (OCR CER, SI-SDR, IDF1). Default: the bundled"
              + " sample corpus when it is on this machine; `none` for no truth section.")
  String truth;

  @Override
  public Integer call() throws Exception {
    Path corpus;
    if ("none".equals(truth)) {
      corpus = null;
    } else if (truth != null) {
      corpus = Path.of(truth);
      if (!Files.isDirectory(corpus)) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--truth " + truth + " is not a directory");
      }
    } else {
      corpus = Files.isDirectory(SampleData.corpusDir()) ? SampleData.corpusDir() : null;
    }
    Runs.storage(runnerOptions.args(storageArgs));
    Location f = QualityReport.write(in, corpus);
    System.out.println("Quality report: " + f);
    return 0;
  }
}
