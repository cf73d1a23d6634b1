package io.chfen.app.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.files.FileOps;
import io.chfen.storage.Scratch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A standalone Flink session cluster on loopback: one JobManager and N TaskManagers, each its own
 * JVM started from the Maven-resolved Flink jars (runner-configs/flink-cluster/target/lib), the way
 * Flink's own scripts start them: memory flags from Flink's {@code BashJavaUtils}, the module opens
 * Flink needs on Java 17, a flat {@code config.yaml}. State (config, logs, pid files) lives in one
 * directory, so that another process can stop the cluster.
 */
public final class FlinkCluster {
  /** The opens and exports Flink 1.19 passes to every JVM on Java 17. */
  static final List<String> JAVA_17_OPTS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private static final String RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";

  /** Packages that load native libraries, resolved parent-first on the TaskManagers. */
  static final List<String> NATIVE_PACKAGES =
      List.of(
          "org.bytedeco.",
          "ai.onnxruntime.",
          "com.sun.jna.",
          "net.sourceforge.tess4j.",
          "net.sourceforge.lept4j.");

  /** The cluster's settings (the {@code cluster:} block of a runner config). */
  public record Settings(
      int restPort,
      int taskManagers,
      int slotsPerTaskManager,
      String jobManagerMemory,
      String taskManagerMemory,
      int restartAttempts,
      String restartDelay,
      String failoverStrategy) {
    public static Settings of(JsonNode cluster) {
      return new Settings(
          cluster.path("restPort").asInt(8081),
          cluster.path("taskManagers").asInt(1),
          cluster.path("slotsPerTaskManager").asInt(2),
          cluster.path("jobManagerMemory").asText("1024m"),
          cluster.path("taskManagerMemory").asText("4096m"),
          cluster.path("restartAttempts").asInt(3),
          cluster.path("restartDelay").asText("2 s"),
          cluster.path("failoverStrategy").asText("full"));
    }

    /** The same cluster on another REST port, with other TaskManagers. */
    public Settings with(int port, int taskManagers, String taskManagerMemory) {
      return new Settings(
          port,
          taskManagers,
          slotsPerTaskManager,
          jobManagerMemory,
          taskManagerMemory,
          restartAttempts,
          restartDelay,
          failoverStrategy);
    }
  }

  private final Path home;
  private final Path lib;
  private final Settings settings;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * @param home the cluster's state directory (conf/, log/, *.pid)
   * @param lib the Flink jars
   */
  public FlinkCluster(Path home, Path lib, Settings settings) {
    this.home = home.toAbsolutePath();
    this.lib = lib.toAbsolutePath();
    this.settings = settings;
  }

  public String restUrl() {
    return "http://localhost:" + settings.restPort();
  }

  /**
   * Starts the JobManager, waits for its REST API, then the TaskManagers, and waits until all their
   * slots are registered. Fails (after stopping what it started) naming the log to read.
   */
  public void start() throws IOException, InterruptedException {
    if (!Files.isDirectory(lib) || jars().isEmpty()) {
      throw new IOException(
          "no Flink jars in "
              + lib
              + ": build them with mvn -DskipTests -pl runner-configs/flink-cluster -am package");
    }
    if (overview().isPresent()) {
      throw new IOException(
          "a Flink cluster already answers on "
              + restUrl()
              + ": stop it first (chfen flink-cluster stop)");
    }
    writeConfig();
    try {
      launch(
          "jobmanager",
          "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
          "GET_JM_RESOURCE_PARAMS",
          home,
          List.of());
      await(Duration.ofSeconds(60), "the JobManager's REST API", o -> true);
      for (int i = 0; i < settings.taskManagers(); i++) {
        startTaskManager(i);
      }
      awaitSlots(settings.taskManagers());
    } catch (IOException | RuntimeException e) {
      stop();
      throw e;
    }
  }

  /** Starts TaskManager {@code i} (again, after {@link #killTaskManager}). */
  public void startTaskManager(int i) throws IOException {
    Path own = taskManagerDir(i);
    for (String d : TASK_MANAGER_DIRS) {
      Files.createDirectories(own.resolve(d));
    }
    launch(
        "taskmanager-" + i,
        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
        "GET_TM_RESOURCE_PARAMS",
        own.resolve("work"),
        List.of(
            "-Djava.io.tmpdir=" + own.resolve("tmp"),
            "-D" + Scratch.PROPERTY + "=" + own.resolve("scratch")),
        "-D",
        "taskmanager.resource-id=taskmanager-" + i,
        "-D",
        "io.tmp.dirs=" + own.resolve("flink-tmp"));
  }

  /**
   * TaskManager {@code i}'s own folder, as on a machine of its own: its working directory ({@code
   * work/}), JVM temp ({@code tmp/}), Flink temp ({@code flink-tmp/}) and the pipeline's scratch
   * ({@code scratch/}). No two TaskManagers share a directory; with an output in object storage
   * they share nothing with the client either.
   */
  public Path taskManagerDir(int i) {
    return home.resolve("taskmanager-" + i);
  }

  private static final List<String> TASK_MANAGER_DIRS =
      List.of("work", "tmp", "flink-tmp", "scratch");

  /**
   * The indices of the TaskManagers running a subtask of job {@code jid} now (their resource ids
   * are {@code taskmanager-<i>}).
   */
  public java.util.Set<Integer> busyTaskManagers(String jid) {
    java.util.Set<Integer> busy = new java.util.TreeSet<>();
    Optional<JsonNode> job = get("/jobs/" + jid);
    if (job.isEmpty()) {
      return busy;
    }
    for (JsonNode v : job.get().path("vertices")) {
      Optional<JsonNode> tms =
          get("/jobs/" + jid + "/vertices/" + v.path("id").asText() + "/taskmanagers");
      for (JsonNode tm :
          tms.map(n -> n.path("taskmanagers"))
              .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance())) {
        String id = tm.path("taskmanager-id").asText();
        if (tm.path("status").asText().equals("RUNNING") && id.startsWith("taskmanager-")) {
          busy.add(Integer.parseInt(id.substring("taskmanager-".length())));
        }
      }
    }
    return busy;
  }

  /** Waits until {@code n} TaskManagers and their slots are registered. */
  public void awaitSlots(int n) throws IOException, InterruptedException {
    int slots = n * settings.slotsPerTaskManager();
    await(
        Duration.ofSeconds(90),
        n + " TaskManager(s) with " + slots + " slots",
        o -> o.path("taskmanagers").asInt() == n && o.path("slots-total").asInt() == slots);
  }

  /** Kills TaskManager {@code i} at once (SIGKILL), as a lost machine would go. */
  public void killTaskManager(int i) throws IOException {
    kill("taskmanager-" + i);
  }

  /** Kills the JobManager at once (SIGKILL); without high availability its jobs are lost. */
  public void killJobManager() throws IOException {
    kill("jobmanager");
  }

  private void kill(String name) throws IOException {
    Optional<ProcessHandle> p = process(name);
    if (p.isEmpty()) {
      throw new IOException(name + " is not running");
    }
    p.get().destroyForcibly();
    p.get().onExit().join();
    Files.deleteIfExists(home.resolve(name + ".pid"));
  }

  /** Stops every process of the cluster (TaskManagers first) and waits for them to end. */
  public void stop() throws IOException {
    List<Path> pids;
    try (Stream<Path> s = Files.exists(home) ? Files.list(home) : Stream.empty()) {
      pids =
          s.filter(p -> p.getFileName().toString().endsWith(".pid"))
              .sorted((a, b) -> b.getFileName().compareTo(a.getFileName()))
              .toList();
    }
    for (Path pid : pids) {
      String name = pid.getFileName().toString().replace(".pid", "");
      process(name)
          .ifPresent(
              h -> {
                h.destroy();
                try {
                  h.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                  h.destroyForcibly();
                }
              });
      Files.deleteIfExists(pid);
    }
  }

  /** The REST API's /overview, or empty when nothing answers. */
  public Optional<JsonNode> overview() {
    return get("/overview");
  }

  /** A GET on the REST API as JSON, or empty when nothing answers. */
  public Optional<JsonNode> get(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(restUrl() + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200
          ? Optional.of(new ObjectMapper().readTree(r.body()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  public Path log(String process) {
    return home.resolve("log").resolve(process + ".log");
  }

  private void writeConfig() throws IOException {
    Path conf = home.resolve("conf");
    Files.createDirectories(conf);
    Files.createDirectories(home.resolve("log"));
    String yaml =
        String.join(
            "\n",
            "jobmanager.rpc.address: localhost",
            "jobmanager.bind-host: localhost",
            "taskmanager.bind-host: localhost",
            "taskmanager.host: localhost",
            "rest.address: localhost",
            "rest.bind-address: localhost",
            "rest.port: " + settings.restPort(),
            "jobmanager.memory.process.size: " + settings.jobManagerMemory(),
            "taskmanager.memory.process.size: " + settings.taskManagerMemory(),
            "taskmanager.numberOfTaskSlots: " + settings.slotsPerTaskManager(),
            // native libraries load once per JVM: these packages come from the TaskManager's
            // class path (runner-configs/flink-cluster has them), shared by every job
            "classloader.parent-first-patterns.additional: " + String.join(";", NATIVE_PACKAGES),
            "restart-strategy.type: fixed-delay",
            "restart-strategy.fixed-delay.attempts: " + settings.restartAttempts(),
            "restart-strategy.fixed-delay.delay: " + settings.restartDelay(),
            "jobmanager.execution.failover-strategy: " + settings.failoverStrategy(),
            // a lost TaskManager is noticed within seconds, not the default 50 s
            "heartbeat.interval: 2000",
            "heartbeat.timeout: 8000",
            "io.tmp.dirs: " + home.resolve("tmp"),
            "");
    Files.createDirectories(home.resolve("tmp"));
    FileOps.writeAtomically(conf.resolve("config.yaml"), yaml.getBytes(StandardCharsets.UTF_8));
  }

  private List<Path> jars() throws IOException {
    try (Stream<Path> s = Files.list(lib)) {
      return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  private String classPath() throws IOException {
    return String.join(":", jars().stream().map(Path::toString).toList());
  }

  private String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The JVM flags and dynamic properties Flink derives from the config for one process kind. */
  private List<List<String>> resourceParams(String command) throws IOException {
    List<String> cmd =
        List.of(
            java(),
            "-cp",
            classPath(),
            "org.apache.flink.runtime.util.bash.BashJavaUtils",
            command,
            "--configDir",
            home.resolve("conf").toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    List<List<String>> results = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith(RESULT)) {
        String v = line.substring(RESULT.length()).trim();
        results.add(v.isEmpty() ? List.of() : Arrays.asList(v.split("\\s+")));
      }
    }
    if (p.exitValue() != 0 || results.size() < 2) {
      throw new IOException("Flink's BashJavaUtils " + command + " failed: " + out.strip());
    }
    return results;
  }

  private void launch(
      String name,
      String mainClass,
      String paramsCommand,
      Path workDir,
      List<String> jvmOptions,
      String... dynamic)
      throws IOException {
    List<List<String>> params = resourceParams(paramsCommand);
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.addAll(params.get(0));
    cmd.addAll(JAVA_17_OPTS);
    cmd.addAll(jvmOptions);
    // the pipeline's own settings reach the code the TaskManagers run
    cmd.add("-Dchfen.home=" + Path.of(System.getProperty("chfen.home", ".chfen")).toAbsolutePath());
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(mainClass);
    cmd.add("--configDir");
    cmd.add(home.resolve("conf").toString());
    // dynamic properties: "-D key=value" pairs
    cmd.addAll(params.get(1));
    cmd.addAll(List.of(dynamic));
    Path log = log(name);
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putIfAbsent("OMP_THREAD_LIMIT", "1");
    pb.environment().putIfAbsent("ORT_DISABLE_TELEMETRY", "1");
    Process p = pb.start();
    Files.writeString(home.resolve(name + ".pid"), Long.toString(p.pid()));
  }

  private Optional<ProcessHandle> process(String name) throws IOException {
    Path pid = home.resolve(name + ".pid");
    if (!Files.exists(pid)) {
      return Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
        .filter(ProcessHandle::isAlive);
  }

  private void await(Duration timeout, String what, java.util.function.Predicate<JsonNode> ready)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      Optional<JsonNode> o = overview();
      if (o.isPresent() && ready.test(o.get())) {
        return;
      }
      if (process("jobmanager").isEmpty()) {
        throw new IOException("the JobManager exited: see " + log("jobmanager"));
      }
      Thread.sleep(250);
    }
    throw new IOException(
        "timed out after "
            + timeout.toSeconds()
            + " s waiting for "
            + what
            + ": see "
            + home.resolve("log"));
  }
}
