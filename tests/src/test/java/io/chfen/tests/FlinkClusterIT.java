package io.chfen.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.app.cli.Chfen;
import io.chfen.app.cli.RunnerConfig;
import io.chfen.app.flink.FlinkCluster;
import io.chfen.app.flink.FlinkJobProgress;
import io.chfen.files.Location;
import io.chfen.layout.ArtifactFiles;
import io.chfen.layout.RunLayout;
import io.chfen.pipelines.BuildPipeline;
import io.chfen.records.EncodedSample;
import io.chfen.records.Tensor;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.ShardManifest;
import io.chfen.schemas.Tensors;
import io.chfen.storage.LocalS3;
import io.chfen.storage.Storage;
import io.chfen.storage.StorageOptions;
import io.chfen.storage.StoredRecords;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a real standalone Flink session cluster (a JobManager and two TaskManagers, each
 * its own JVM on loopback, each in its own directories) writing into object storage (a real S3 API
 * over HTTP: S3Proxy on loopback): the same dataset as the DirectRunner on local disk; the
 * TaskManagers share no directory with each other or with the client, and nothing of the run lands
 * outside the bucket; a TaskManager killed while videos are processed or while shards are written
 * costs a restart, not a row, nor a partial or duplicate object; a JobManager killed fails the run
 * and leaves the previous output whole.
 */
class FlinkClusterIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path JOB_JAR = ROOT.resolve("pipelines/target/chfen-pipelines-flink.jar");

  private static final String BUCKET = "chfen";

  @TempDir static Path dir;
  static FlinkCluster cluster;
  static int port;
  static LocalS3 s3;

  @BeforeAll
  static void startCluster() throws Exception {
    assertTrue(
        Files.isRegularFile(JOB_JAR),
        JOB_JAR + " is missing: build with mvn -Pflink-jar (scripts/test.sh does)");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RunnerConfig rc = RunnerConfig.read(ROOT.resolve("runner-configs/flink-cluster.yaml"));
    FlinkCluster.Settings base = FlinkCluster.Settings.of(rc.cluster());
    // under target/, so that the JobManager's and TaskManagers' logs outlive a failed run
    Path home = Path.of("target", "flink-cluster").toAbsolutePath();
    io.chfen.files.FileOps.deleteTree(home);
    cluster =
        new FlinkCluster(
            home,
            ROOT.resolve("runner-configs/flink-cluster/target/lib"),
            base.with(port, 2, "3072m"));
    cluster.start();
    // the bucket's objects are files under target/, readable after a failed run
    Path objects = Path.of("target", "flink-s3").toAbsolutePath();
    io.chfen.files.FileOps.deleteTree(objects);
    s3 = LocalS3.start(objects, 0).bucket(BUCKET);
    StorageOptions.fromArgs(s3.options());
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.stop();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  /** An output prefix in the bucket. */
  private static Location bucket(String prefix) {
    return Location.of("s3://" + BUCKET + "/" + prefix);
  }

  /** Where S3Proxy keeps an object or prefix of the bucket, to watch a run from outside. */
  private static Path objects(Location l) {
    return s3.dir().resolve(BUCKET).resolve(l.uri().substring(("s3://" + BUCKET + "/").length()));
  }

  private static int demo(Location out, String... extra) {
    List<String> args = new ArrayList<>(List.of("demo", "--out", out.uri(), "--epochs", "2"));
    args.addAll(List.of(extra));
    return Chfen.execute(args.toArray(String[]::new));
  }

  private static String[] onCluster() {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runner-config",
                ROOT.resolve("runner-configs/flink-cluster.yaml").toString(),
                "--flinkMaster=localhost:" + port,
                "--filesToStage=" + JOB_JAR));
    args.addAll(s3.options());
    return args.toArray(String[]::new);
  }

  @Test
  void theClusterBuildsTheSameDatasetAsTheDirectRunner() throws Exception {
    Location direct = Location.of(dir.resolve("direct"));
    Location flink = bucket("flink-out");
    assertEquals(0, demo(direct));
    // the client's progress line, read as the CLI reads it while the job runs
    FlinkJobProgress progress = new FlinkJobProgress("localhost:" + port);
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor();
    poll.scheduleAtFixedRate(() -> lines.add(progress.line()), 0, 1, TimeUnit.SECONDS);
    try {
      assertEquals(0, demo(flink, onCluster()));
    } finally {
      poll.shutdownNow();
    }
    assertFalse(Files.exists(Path.of("s3:")), "an s3:// output is never a local path");
    // while videos were processed the line said how many, per slot, not "records read 0"
    Pattern perSlot =
        Pattern.compile(
            "videos (\\d+) done, (\\d+) in flight \\(ProcessVideos/Process\\) \\| "
                + "taskmanager-\\d+ slot 0: \\d+ done, [01] in flight; "
                + "taskmanager-\\d+ slot 1: \\d+ done, [01] in flight");
    List<Matcher> seen = lines.stream().map(perSlot::matcher).filter(Matcher::find).toList();
    assertFalse(seen.isEmpty(), "progress lines: " + String.join("\n", lines));
    assertTrue(
        seen.stream().anyMatch(m -> Integer.parseInt(m.group(2)) > 0),
        "some video in flight: " + lines);

    JsonNode jobs = cluster.get("/jobs/overview").orElseThrow().get("jobs");
    assertTrue(
        jobs.findValuesAsText("state").contains("FINISHED"), "the REST API shows it: " + jobs);

    Map<String, EncodedSample> a = rows(direct);
    Map<String, EncodedSample> b = rows(flink);
    assertEquals(a.keySet(), b.keySet(), "the same videos");
    assertTrue(a.size() >= 15, a.keySet().toString());
    for (String id : a.keySet()) {
      Location srtA = RunLayout.at(direct).artifacts(id).child(ArtifactFiles.SUBTITLES);
      Location srtB = RunLayout.at(flink).artifacts(id).child(ArtifactFiles.SUBTITLES);
      assertEquals(Storage.exists(srtA), Storage.exists(srtB), id);
      if (Storage.exists(srtA)) {
        assertEquals(Storage.readString(srtA), Storage.readString(srtB), id + " subtitles");
      }
      assertEquals(persons(direct, id), persons(flink, id), id + " persons");
      EncodedSample x = a.get(id);
      EncodedSample y = b.get(id);
      assertEquals(x.getSplit().toString(), y.getSplit().toString(), id);
      assertEquals(x.getSteps(), y.getSteps(), id);
      assertEquals(x.getLabels(), y.getLabels(), id + " labels");
      for (String t :
          List.of(
              "title",
              "frames",
              "frameQuality",
              "faces",
              "expressions",
              "visualPrior",
              "text",
              "vocals",
              "music")) {
        assertClose(tensor(x, t), tensor(y, t), id + " " + t);
      }
    }
    assertComplete(flink);
    assertNothingOutsideTheBucket();
  }

  /**
   * The TaskManagers worked in their own folders and left nothing of the run there: their scratch
   * is empty, and no artifact, record, shard or manifest lies anywhere under them.
   */
  private static void assertNothingOutsideTheBucket() throws IOException {
    java.util.Set<String> runFiles =
        java.util.Set.of(
            ArtifactFiles.ARTIFACTS,
            ArtifactFiles.SUBTITLES,
            ShardManifest.FILE,
            RunLayout.CRAWL_SUMMARY,
            RunLayout.PROCESS_SUMMARY);
    for (int i = 0; i < 2; i++) {
      Path own = cluster.taskManagerDir(i);
      assertTrue(Files.isDirectory(own.resolve("scratch")), own + " has its own scratch");
      try (Stream<Path> s = Files.walk(own.resolve("scratch"))) {
        assertEquals(
            List.of(),
            s.filter(Files::isRegularFile).toList(),
            "TaskManager " + i + " emptied its scratch");
      }
      try (Stream<Path> s = Files.walk(own)) {
        List<Path> leaked =
            s.filter(Files::isRegularFile)
                .filter(
                    f ->
                        runFiles.contains(f.getFileName().toString())
                            || f.getFileName().toString().endsWith(".parquet"))
                .toList();
        assertEquals(List.of(), leaked, "TaskManager " + i + " kept nothing of the run");
      }
    }
  }

  /**
   * Kills a cluster process when {@code when} first holds during a demo run on the cluster: a
   * TaskManager running the job's tasks, or the JobManager. Returns the run's exit code and the
   * job.
   */
  private record Faulted(int exit, String job, boolean killedWhileRunning) {}

  private Faulted demoKilling(
      Location out, java.util.function.BooleanSupplier when, boolean jobManager) throws Exception {
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> demo(out, onCluster()));
    String job = awaitRunningJob();
    while (!when.getAsBoolean() && !run.isDone()) {
      Thread.sleep(20);
    }
    boolean running = !run.isDone();
    if (jobManager) {
      cluster.killJobManager();
    } else {
      int victim = -1;
      for (int i = 0; i < 300 && victim < 0; i++) {
        victim = cluster.busyTaskManagers(job).stream().findFirst().orElse(-1);
        if (victim < 0) {
          Thread.sleep(20);
        }
      }
      assertTrue(victim >= 0, "a TaskManager runs the job's tasks");
      cluster.killTaskManager(victim);
      cluster.startTaskManager(victim);
    }
    return new Faulted(run.get(300, java.util.concurrent.TimeUnit.SECONDS), job, running);
  }

  /**
   * Complete against the input: every kept video (metadata/) that no stage failed is in the shards
   * exactly once, the manifest verifies, nothing partial or staged is left.
   */
  private static void assertComplete(Location out) throws IOException {
    RunLayout run = RunLayout.at(out);
    Location shards = run.shards();
    ShardManifest m = StoredRecords.manifest(shards);
    StoredRecords.verifyShards(shards, m, true);
    java.util.Set<String> expected = new java.util.TreeSet<>();
    StoredRecords.<io.chfen.records.VideoMetadata>readAll(run.metadata(), Schemas.VIDEO_METADATA)
        .forEach(v -> expected.add(v.getId().toString()));
    StoredRecords.<io.chfen.records.Failure>readAll(run.failures(), Schemas.FAILURE)
        .forEach(f -> expected.remove(f.getId().toString()));
    Map<String, EncodedSample> rows = rows(out);
    assertEquals(expected, rows.keySet(), "the input ids, each once");
    assertEquals(m.rows(), rows.size());
    assertTrue(
        new ObjectMapper()
            .readTree(Storage.readBytes(run.processSummary()))
            .get("reconciles")
            .asBoolean());
    List<String> stray =
        Storage.list(shards).stream()
            .map(shards::relativize)
            .filter(n -> !n.endsWith(".parquet") && !n.equals(ShardManifest.FILE))
            .toList();
    assertEquals(List.of(), stray, "no partial or temporary objects");
    assertEquals(
        m.shards().size(),
        Storage.list(shards).size() - 1,
        "exactly the shards the manifest lists, no duplicate");
    assertEquals(List.of(), Storage.list(out.child(RunLayout.STAGING)), "nothing staged is left");
    assertFalse(Storage.exists(run.publishing()), "no publication left half done");
    for (Location a : Storage.list(run.artifacts())) {
      String rel = run.artifacts().relativize(a);
      String id = rel.substring(0, rel.indexOf('/'));
      assertTrue(
          Storage.exists(run.artifacts(id).child(ArtifactFiles.ARTIFACTS)),
          "every artifact folder is complete: " + id);
    }
  }

  @Test
  void aLostTaskManagerCostsARestartNotARowAndALostJobManagerNoGoodOutput() throws Exception {
    Location out = bucket("killed");
    RunLayout run = RunLayout.at(out);
    // a TaskManager lost while videos are processed
    int finishedBefore = finished();
    Faulted processing =
        demoKilling(out, () -> Child.anyFileUnder(objects(run.artifacts())), false);
    assertEquals(0, processing.exit(), "the job recovered and finished");
    assertTrue(processing.killedWhileRunning(), "killed while the job ran");
    assertEquals(finishedBefore + 1, finished());
    JsonNode exceptions = cluster.get("/jobs/" + processing.job() + "/exceptions").orElseThrow();
    assertTrue(
        exceptions.toString().contains("TaskManager")
            || exceptions.path("exceptionHistory").path("entries").size() > 0,
        "the loss is on record: " + exceptions);
    assertComplete(out);
    cluster.awaitSlots(2);

    // again on the same output, the TaskManager lost while the new shards are written
    Path stagedShards = objects(run.staging(BuildPipeline.JOB).shards());
    Faulted writing = demoKilling(out, () -> Child.anyFileUnder(stagedShards), false);
    assertEquals(0, writing.exit(), "the job recovered and finished");
    assertComplete(out);
    cluster.awaitSlots(2);

    // the JobManager lost (no high availability): the job fails, the run says so and exits
    // non-zero, and the previous good output stays whole
    List<ShardManifest.Shard> before = StoredRecords.manifest(run.shards()).shards();
    Faulted lostMaster =
        demoKilling(
            out, () -> Child.anyFileUnder(objects(run.staging(BuildPipeline.JOB).root())), true);
    assertTrue(lostMaster.exit() != 0, "a lost JobManager fails the run");
    assertEquals(before, StoredRecords.manifest(run.shards()).shards());
    assertComplete(out);
    cluster.stop();
    cluster.start();
  }

  private static int finished() {
    return cluster.overview().orElseThrow().get("jobs-finished").asInt();
  }

  private static String awaitRunningJob() throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      JsonNode jobs = cluster.get("/jobs/overview").map(j -> j.get("jobs")).orElse(null);
      if (jobs != null) {
        for (JsonNode j : jobs) {
          if (j.get("state").asText().equals("RUNNING")) {
            return j.get("jid").asText();
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no job started on the cluster");
  }

  private static Map<String, EncodedSample> rows(Location out) throws IOException {
    Map<String, EncodedSample> m = new TreeMap<>();
    for (String split : ShardManifest.SPLITS) {
      for (EncodedSample s :
          StoredRecords.<EncodedSample>readAll(
              RunLayout.at(out).shards().child(split), Schemas.ENCODED_SAMPLE)) {
        assertTrue(m.put(s.getId().toString(), s) == null, "duplicate row " + s.getId());
      }
    }
    return m;
  }

  private static int persons(Location out, String id) throws IOException {
    Location f = RunLayout.at(out).artifacts(id).child(ArtifactFiles.FACES);
    return Storage.exists(f)
        ? new ObjectMapper().readTree(Storage.readBytes(f)).path("persons").size()
        : -1;
  }

  private static Tensor tensor(EncodedSample s, String name) {
    return switch (name) {
      case "title" -> s.getTitle();
      case "frames" -> s.getFrames();
      case "frameQuality" -> s.getFrameQuality();
      case "faces" -> s.getFaces();
      case "expressions" -> s.getExpressions();
      case "visualPrior" -> s.getVisualPrior();
      case "text" -> s.getText();
      case "vocals" -> s.getVocals();
      case "music" -> s.getMusic();
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static void assertClose(Tensor a, Tensor b, String what) {
    assertEquals(List.of(a.getShape()), List.of(b.getShape()), what + " shape");
    float[] x = Tensors.floats(a);
    float[] y = Tensors.floats(b);
    assertEquals(x.length, y.length, what);
    for (int i = 0; i < x.length; i++) {
      assertEquals(x[i], y[i], 1e-4f + 1e-4f * Math.abs(x[i]), what + " [" + i + "]");
    }
  }
}
