package io.chfen.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --runner-config FILE}, shared by every pipeline command. */
final class RunnerOptions {
  @Option(
      names = "--runner-config",
      description =
          "A runner config (runner-configs/direct.yaml, flink-local.yaml, flink-cluster.yaml);"
              + " Beam options on the command line win over it. Default: the DirectRunner.")
  Path runnerConfig;

  /** The Beam arguments: the config's, then the command line's. */
  List<String> args(List<String> beamArgs) throws IOException {
    return runnerConfig == null ? beamArgs : RunnerConfig.read(runnerConfig).args(beamArgs);
  }
}
