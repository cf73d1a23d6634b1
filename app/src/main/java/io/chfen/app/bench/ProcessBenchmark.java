package io.chfen.app.bench;

import io.chfen.app.print.Numbers;
import io.chfen.app.print.Summaries;
import io.chfen.app.print.Table;
import io.chfen.dataset.summary.ProcessSummary;
import io.chfen.files.FileOps;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Schemas;
import io.chfen.storage.StoredRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The whole process stage as a user runs it ({@code chfen process} in its own JVM, every default
 * analyzer on), pinned to 1..n cores with {@code taskset}, over a crawl's videos replicated (new
 * ids, the same media) to at least a given length of video, so the fixed costs (JVM, Beam, model
 * loading) show but do not dominate. Each core count runs twice, once over the corpus and once over
 * the replicated corpus: the difference gives the marginal throughput, and the start-up is what the
 * small run took beyond it. Beside it, {@code ffmpeg -threads 1 -f null} decodes the same files
 * (one per processed video) on one core. Wall time from launch to exit; CPU and peak RSS from
 * {@code /proc} every 100 ms.
 */
public final class ProcessBenchmark {
  /** One run of {@code chfen process}. */
  record Run(
      int cores,
      int videos,
      double videoS,
      double wallS,
      double cpuS,
      long peakRssBytes,
      ProcessSummary summary) {}

  private final Path crawl;
  private final Path work;
  private final double minVideoS;
  private final List<Integer> cores;

  /**
   * @param crawl a crawl (or ingest) output on a local disk: its metadata and media
   * @param work where the replicated inputs and the runs' outputs go (emptied first)
   */
  public ProcessBenchmark(Path crawl, Path work, double minVideoS, List<Integer> cores) {
    this.crawl = crawl;
    this.work = work;
    this.minVideoS = minVideoS;
    this.cores = cores;
  }

  public String run() throws IOException, InterruptedException {
    List<VideoMetadata> videos =
        StoredRecords.readAll(RunLayout.at(Location.of(crawl)).metadata(), Schemas.VIDEO_METADATA);
    if (videos.isEmpty()) {
      throw new IOException(crawl + " holds no videos (give a crawl or ingest output)");
    }
    // a symbolic link to the crawl's media is removed, never followed
    FileOps.deleteTree(work);
    Files.createDirectories(work);
    Path once = replicate(videos, 1, "once");
    // a first run tells the corpus's length: how many copies reach minVideoS
    StringBuilder out = new StringBuilder();
    Table t =
        new Table(
            "cores",
            "input",
            "videos",
            "video s",
            "wall s",
            "CPU s",
            "peak RSS MB",
            "video-s per core-s",
            "marginal x real time per core",
            "start-up s",
            "ffmpeg s (1 core)",
            "process core-s / ffmpeg s");
    Run lastBig = null;
    Map<Integer, Double> ffmpegCache = new TreeMap<>();
    for (int c : cores) {
      Run small = process(once, c, "once-" + c);
      int copies = (int) Math.max(1, Math.ceil(minVideoS / Math.max(1e-9, small.videoS())));
      Path many = replicated(videos, copies);
      Run big = process(many, c, "x" + copies + "-" + c);
      double rate = (big.videoS() - small.videoS()) / (big.wallS() - small.wallS());
      double startup = small.wallS() - small.videoS() / rate;
      double ffmpeg = ffmpegCache.computeIfAbsent(copies, k -> ffmpegSeconds(many, k));
      for (Run r : List.of(small, big)) {
        boolean isBig = r == big;
        t.row(
            c,
            isBig ? "corpus x " + copies : "corpus",
            r.videos(),
            Numbers.fixed(r.videoS(), 1),
            Numbers.fixed(r.wallS(), 1),
            Numbers.fixed(r.cpuS(), 1),
            Numbers.fixed(r.peakRssBytes() / 1e6, 0),
            Numbers.fixed(r.videoS() / (r.wallS() * c), 2),
            isBig ? Numbers.fixed(rate / c, 2) : "",
            isBig ? Numbers.fixed(startup, 1) : "",
            isBig ? Numbers.fixed(ffmpeg, 1) : "",
            isBig ? Numbers.fixed(r.wallS() * c / ffmpeg, 2) : "");
      }
      lastBig = big;
      System.err.printf(
          Locale.ROOT,
          "  %d core(s): marginal %.2fx real time per core, start-up %.1f s%n",
          c,
          rate / c,
          startup);
    }
    out.append("Process stage, every default analyzer on (").append(crawl).append(")\n");
    out.append(t);
    if (lastBig != null && !lastBig.summary().cpu().isEmpty()) {
      out.append("\nWhere the workers' CPU went (the last replicated run, ")
          .append(lastBig.cores())
          .append(" core(s))\n");
      out.append(Summaries.costTable(lastBig.summary().cpu()));
    }
    return out.toString();
  }

  private Path replicated(List<VideoMetadata> videos, int copies) throws IOException {
    Path dir = work.resolve("input-x" + copies);
    return Files.exists(dir) ? dir : replicate(videos, copies, "x" + copies);
  }

  /** A crawl output holding each video {@code copies} times under new ids, sharing the media. */
  private Path replicate(List<VideoMetadata> videos, int copies, String name) throws IOException {
    Path dir = work.resolve("input-" + name);
    Files.createDirectories(dir);
    List<VideoMetadata> out = new ArrayList<>();
    for (int k = 1; k <= copies; k++) {
      for (VideoMetadata v : videos) {
        out.add(VideoMetadata.newBuilder(v).setId(v.getId() + "-r" + k).build());
      }
    }
    RunLayout layout = RunLayout.at(Location.of(dir));
    StoredRecords.write(layout.metadata().child("part-00000.parquet"), Schemas.VIDEO_METADATA, out);
    Files.createSymbolicLink(
        layout.media().path(), RunLayout.at(Location.of(crawl)).media().path().toAbsolutePath());
    return dir;
  }

  private Run process(Path input, int cores, String label)
      throws IOException, InterruptedException {
    Path out = work.resolve("out-" + label);
    List<String> cmd = new ArrayList<>();
    cmd.addAll(List.of("taskset", "-c", cores == 1 ? "0" : "0-" + (cores - 1)));
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dchfen.home=" + Path.of(System.getProperty("chfen.home", ".chfen")).toAbsolutePath());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN));
    cmd.addAll(List.of("process", "--in", input.toString(), "--out", out.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(label + ".log").toFile());
    pb.environment().putIfAbsent("OMP_THREAD_LIMIT", "1");
    pb.environment().putIfAbsent("ORT_DISABLE_TELEMETRY", "1");
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    Process p = pb.start();
    long hwm = 0;
    double cpu = 0;
    while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
      hwm = Math.max(hwm, ProcStat.peakRss(p.pid()));
      cpu = Math.max(cpu, ProcStat.cpuSeconds(p.pid()));
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    if (p.exitValue() != 0) {
      throw new IOException(
          "chfen process exited with " + p.exitValue() + ": see " + work.resolve(label + ".log"));
    }
    long in =
        StoredRecords.readAll(RunLayout.at(Location.of(input)).metadata(), Schemas.VIDEO_METADATA)
            .size();
    ProcessSummary s = ProcessSummary.read(Location.of(out), in, start);
    System.err.printf(
        Locale.ROOT,
        "  %s: %d videos, %.1f s of video in %.1f s wall, %.1f s CPU%n",
        label,
        s.processed(),
        s.mediaSeconds(),
        wall,
        cpu);
    return new Run(cores, (int) s.processed(), s.mediaSeconds(), wall, cpu, hwm, s);
  }

  /** ffmpeg's decode-only seconds, one thread on core 0, over each video the run processed. */
  private double ffmpegSeconds(Path input, int copies) {
    try {
      Path out = work.resolve("out-x" + copies + "-" + cores.get(0));
      List<VideoArtifacts> done =
          StoredRecords.readAll(
              RunLayout.at(Location.of(out)).processed(), Schemas.VIDEO_ARTIFACTS);
      double sum = 0;
      for (VideoArtifacts a : done) {
        sum += DecodeBenchmark.ffmpeg(input.resolve(a.getMediaPath()), "0");
      }
      return sum;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static final String MAIN = "io.chfen.app.cli.Chfen";

  /** A running process's figures from {@code /proc} (Linux); 0 where unreadable. */
  static final class ProcStat {
    private ProcStat() {}

    static long peakRss(long pid) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (line.startsWith("VmHWM:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (IOException | RuntimeException e) {
        // the process ended between two reads
      }
      return 0;
    }

    /** User and system CPU seconds (USER_HZ is 100 on Linux). */
    static double cpuSeconds(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }
  }
}
