package io.chfen.app.cli;

import io.chfen.app.flink.FlinkCluster;
import io.chfen.sample.SampleData;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chfen flink-cluster start|stop|status}: a standalone Flink session cluster on loopback.
 */
@Command(
    name = "flink-cluster",
    mixinStandardHelpOptions = true,
    description =
        "Start, stop or show a standalone Flink 1.19 session cluster on loopback (one JobManager,"
            + " the TaskManagers of the runner config's `cluster:` block), each its own JVM from"
            + " the Maven-resolved Flink jars. Logs and pid files in --home.")
final class FlinkClusterCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "start, stop or status")
  String action;

  @Option(
      names = "--runner-config",
      defaultValue = "runner-configs/flink-cluster.yaml",
      description = "The runner config with the cluster settings (default ${DEFAULT-VALUE}).")
  Path runnerConfig;

  @Option(
      names = "--home",
      description = "State directory: conf/, log/, pid files (default <chfen.home>/flink).")
  Path home;

  @Option(
      names = "--lib",
      description = "The Flink jars (default runner-configs/flink-cluster/target/lib).")
  Path lib;

  static Path defaultHome() {
    return SampleData.home().resolve("flink");
  }

  @Override
  public Integer call() throws Exception {
    RunnerConfig rc = RunnerConfig.read(runnerConfig);
    FlinkCluster c =
        new FlinkCluster(
            home != null ? home : defaultHome(),
            lib != null
                ? lib
                : Runs.repository().resolve("runner-configs/flink-cluster/target/lib"),
            FlinkCluster.Settings.of(rc.cluster()));
    switch (action) {
      case "start" -> {
        c.start();
        System.out.println("Flink cluster up: " + c.restUrl() + " " + c.overview().orElseThrow());
      }
      case "stop" -> {
        c.stop();
        System.out.println("Flink cluster stopped");
      }
      case "status" -> {
        var o = c.overview();
        System.out.println(
            o.map(n -> c.restUrl() + " " + n).orElse("no Flink cluster on " + c.restUrl()));
        return o.isPresent() ? 0 : 1;
      }
      default -> throw new IllegalArgumentException("start, stop or status, not " + action);
    }
    return 0;
  }
}
