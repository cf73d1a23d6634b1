package io.chfen.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.chfen.app.cli.RunnerConfig;
import io.chfen.app.flink.FlinkCluster;
import io.chfen.app.print.Numbers;
import io.chfen.app.print.Table;
import io.chfen.files.FileOps;
import io.chfen.layout.RunLayout;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Flink scaling: the process stage (the heavy one: decoding, OCR, separation, faces) over a larger
 * corpus, the demo's videos repeated under new ids, on a standalone cluster at parallelism 1 and 2;
 * and the DirectRunner against the cluster on the demo's own videos. Every run processes from
 * scratch into a fresh directory.
 */
public final class FlinkBenchmark {
  /** Runs a chfen command line, returns its exit code. */
  public interface Cli {
    int run(String... args);
  }

  private final Path demo;
  private final Path root;
  private final Cli cli;

  /**
   * @param demo a demo output (metadata/, media/)
   * @param root the repository (runner-configs/, the Flink jars, the job jar)
   */
  public FlinkBenchmark(Path demo, Path root, Cli cli) {
    this.demo = demo.toAbsolutePath();
    this.root = root.toAbsolutePath();
    this.cli = cli;
  }

  public String run(int copies, Path work) throws Exception {
    Path config = root.resolve("runner-configs/flink-cluster.yaml");
    RunnerConfig rc = RunnerConfig.read(config);
    FlinkCluster cluster =
        new FlinkCluster(
            work.resolve("flink"),
            root.resolve("runner-configs/flink-cluster/target/lib"),
            FlinkCluster.Settings.of(rc.cluster()));
    Path big = scaled(copies, work.resolve("scaled"));
    Path small = scaled(1, work.resolve("sample"));
    int videos =
        ParquetFiles.readAll(RunLayout.at(big).metadata().path(), Schemas.VIDEO_METADATA).size();
    int sample =
        ParquetFiles.readAll(RunLayout.at(small).metadata().path(), Schemas.VIDEO_METADATA).size();
    cluster.start();
    try {
      String master = "--flinkMaster=localhost:" + rc.cluster().path("restPort").asInt(8081);
      String jar = "--filesToStage=" + root.resolve("pipelines/target/chfen-pipelines-flink.jar");
      // warm-up: the cluster's first job loads the job jar and the natives
      time(
          () ->
              process(
                  small, work.resolve("warm"), "--runner-config", config.toString(), master, jar));
      Run p1 =
          onCluster(
              cluster,
              () ->
                  process(
                      big,
                      work.resolve("p1"),
                      "--runner-config",
                      config.toString(),
                      master,
                      jar,
                      "--parallelism=1"));
      Run p2 =
          onCluster(
              cluster,
              () ->
                  process(
                      big,
                      work.resolve("p2"),
                      "--runner-config",
                      config.toString(),
                      master,
                      jar,
                      "--parallelism=2"));
      Run flink =
          onCluster(
              cluster,
              () ->
                  process(
                      small,
                      work.resolve("flink-sample"),
                      "--runner-config",
                      config.toString(),
                      master,
                      jar));
      double direct = time(() -> process(small, work.resolve("direct-sample")));
      Table t =
          new Table(
              "run",
              "videos",
              "wall s",
              "job s",
              "videos/min (job)",
              "speed-up wall",
              "speed-up job");
      t.row(
          "Flink cluster, parallelism 1",
          videos,
          Numbers.fixed(p1.wall, 1),
          Numbers.fixed(p1.job, 1),
          Numbers.fixed(videos * 60 / p1.job, 1),
          "1.00×",
          "1.00×");
      t.row(
          "Flink cluster, parallelism 2",
          videos,
          Numbers.fixed(p2.wall, 1),
          Numbers.fixed(p2.job, 1),
          Numbers.fixed(videos * 60 / p2.job, 1),
          Numbers.fixed(p1.wall / p2.wall, 2) + "×",
          Numbers.fixed(p1.job / p2.job, 2) + "×");
      Table o = new Table("run", "videos", "wall s", "vs DirectRunner");
      o.row("DirectRunner", sample, Numbers.fixed(direct, 1), "1.00×");
      o.row(
          "Flink cluster, parallelism 2",
          sample,
          Numbers.fixed(flink.wall, 1),
          Numbers.fixed(flink.wall / direct, 2) + "×");
      return "Process stage, "
          + videos
          + " videos (the demo's "
          + sample
          + " × "
          + copies
          + "), standalone cluster: 1 TaskManager, 2 slots. wall: the whole command (client"
          + " start, job jar upload, job); job: the job's run time on the cluster (REST API)\n"
          + t
          + "\nOverhead on the demo's videos (process stage)\n"
          + o;
    } finally {
      cluster.stop();
    }
  }

  private int process(Path in, Path out, String... extra) {
    try {
      FileOps.deleteTree(out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<String> args =
        new ArrayList<>(List.of("process", "--in", in.toString(), "--out", out.toString()));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  /**
   * A crawl output with the demo's kept videos repeated {@code copies} times under new ids (the
   * media shared through a link).
   */
  private Path scaled(int copies, Path dir) throws IOException {
    FileOps.deleteTree(dir);
    Files.createDirectories(RunLayout.at(dir).metadata().path());
    Files.createSymbolicLink(dir.resolve("media"), demo.resolve("media"));
    List<VideoMetadata> kept =
        ParquetFiles.readAll(RunLayout.at(demo).metadata().path(), Schemas.VIDEO_METADATA);
    List<VideoMetadata> out = new ArrayList<>();
    for (int c = 0; c < copies; c++) {
      for (VideoMetadata v : kept) {
        out.add(c == 0 ? v : VideoMetadata.newBuilder(v).setId(v.getId() + "-copy" + c).build());
      }
    }
    ParquetFiles.write(
        RunLayout.at(dir).metadata().path().resolve("metadata-00000-of-00001.parquet"),
        Schemas.VIDEO_METADATA,
        out);
    return dir;
  }

  /** A cluster run: the command's wall time and the job's own duration on the cluster. */
  private record Run(double wall, double job) {}

  private static Run onCluster(FlinkCluster cluster, IntSupplier run) {
    double wall = time(run);
    JsonNode latest = null;
    for (JsonNode j : cluster.get("/jobs/overview").orElseThrow().path("jobs")) {
      if (latest == null || j.path("start-time").asLong() > latest.path("start-time").asLong()) {
        latest = j;
      }
    }
    if (latest == null || !latest.path("state").asText().equals("FINISHED")) {
      throw new IllegalStateException("the cluster shows no finished job: " + latest);
    }
    return new Run(wall, latest.path("duration").asLong() / 1000.0);
  }

  private static double time(IntSupplier run) {
    long t0 = System.nanoTime();
    int rc = run.getAsInt();
    if (rc != 0 && rc != 3) {
      throw new IllegalStateException("a benchmark run failed (exit " + rc + ")");
    }
    return (System.nanoTime() - t0) / 1e9;
  }
}
