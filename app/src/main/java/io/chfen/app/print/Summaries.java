package io.chfen.app.print;

import io.chfen.dataset.labels.Annotations;
import io.chfen.dataset.labels.DatasetLabels;
import io.chfen.dataset.summary.CrawlSummary;
import io.chfen.dataset.summary.ProcessSummary;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.schemas.ShardManifest;
import io.chfen.storage.StoredRecords;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The tables a stage's run ends with, read back from what it wrote (so they count what is really
 * there); the counts also go to the run's summary JSON files.
 */
public final class Summaries {
  private Summaries() {}

  /** The crawl's accounting: reads it, writes summary.json, prints the table. */
  public static CrawlSummary crawl(Location out, PrintStream o) throws IOException {
    RunLayout run = RunLayout.at(out);
    CrawlSummary s = CrawlSummary.read(out);
    s.writeJson(run.crawlSummary());
    o.println();
    o.println("Crawl summary (" + run.root() + ")");
    o.print(table(s));
    return s;
  }

  /**
   * The annotation file's rows: how many were read, and each rejected row with its file, line and
   * cause (they are skipped; the manifest counts them).
   */
  public static void annotations(String file, Annotations.Import in, PrintStream o) {
    o.println(
        "Annotations ("
            + file
            + "): "
            + in.rows().size()
            + " rows read, "
            + in.rejected().size()
            + " rejected");
    in.rejected().forEach(r -> o.println("  rejected " + r));
  }

  /** What a dataset's own label file gave through its mapping, every rejected row named. */
  public static void datasetLabels(
      String file, String mapping, DatasetLabels.Import in, PrintStream o) {
    long emotionVideos = in.emotions().stream().map(a -> a.getVideoId()).distinct().count();
    o.println(
        "Labels ("
            + file
            + " through "
            + mapping
            + "): "
            + in.rows()
            + " rows read, "
            + emotionVideos
            + " with emotions, "
            + in.sentiment().size()
            + " with sentiment, "
            + in.rejected().size()
            + " rejected");
    in.notes().forEach(n -> o.println("  note: " + n));
    in.rejected().forEach(r -> o.println("  rejected " + r));
  }

  /** The process stage's accounting; videos processed before {@code start} count as reused. */
  public static ProcessSummary process(Location out, long videosIn, Instant start, PrintStream o)
      throws IOException {
    RunLayout run = RunLayout.at(out);
    ProcessSummary s = ProcessSummary.read(out, videosIn, start);
    s.writeJson(run.processSummary());
    o.println();
    o.println("Process summary (" + run.root() + ")");
    o.print(table(s));
    if (!s.cpu().isEmpty()) {
      o.println();
      o.println(
          "Where the workers' CPU went ("
              + s.cpuVideos()
              + " videos processed in this run, thread CPU time; JIT and GC threads not included)");
      o.print(costTable(s.cpu()));
    }
    return s;
  }

  /** The shards' manifest: rows and bytes per split, then the label agreement. */
  public static ShardManifest shards(Location out, PrintStream o) throws IOException {
    Location dir = RunLayout.at(out).shards();
    ShardManifest m = StoredRecords.manifest(dir);
    Table t = new Table("split", "rows", "MB", "shards");
    for (Map.Entry<String, ShardManifest.SplitTotals> e : m.splits().entrySet()) {
      t.row(
          e.getKey(),
          e.getValue().rows(),
          Numbers.fixed(e.getValue().bytes() / 1e6, 2),
          e.getValue().shards());
    }
    t.row("all", m.rows(), "", "");
    t.row("failed", m.failures(), "", "");
    o.println();
    o.println("Encode summary (" + dir.child(ShardManifest.FILE) + ")");
    o.print(t);
    ShardManifest.Labels labels = m.labels();
    if (labels != null) {
      Table a = new Table("labels", "value");
      a.row("labelled samples", labels.labelledSamples());
      a.row("annotators", labels.annotators());
      labels
          .alphaPerModality()
          .forEach((k, v) -> a.row("alpha " + k, v == null ? "-" : Numbers.fixed(v, 3)));
      a.row(
          "low agreement videos",
          labels.lowAgreementVideos() + " (alpha < " + labels.agreementFloor() + ")");
      ShardManifest.DatasetLabels d = labels.datasetLabels();
      if (d != null) {
        a.row("label mapping", d.mapping().get("name"));
        a.row("sentiment samples", d.sentimentSamples());
        a.row("label rows rejected", d.rejectedRows());
      }
      o.println();
      o.print(a);
    }
    return m;
  }

  static Table table(CrawlSummary s) {
    Table t = new Table("stage", "outcome", "count");
    t.row("pages", "seen", s.pagesSeen());
    t.row("pages", "fetched", s.pagesFetched());
    t.row("pages", "failed", s.pagesFailed());
    t.row("pages", "skipped", s.pagesSkipped());
    s.pageReasons().forEach((r, n) -> t.row("pages", "  " + r, n));
    t.row("videos", "found", s.videosFound());
    t.row("videos", "kept", s.kept());
    t.row("videos", "  near-duplicate titles flagged", s.nearDuplicates());
    t.row("videos", "filtered", s.filtered());
    s.filteredReasons().forEach((r, n) -> t.row("videos", "  " + r, n));
    t.row("videos", "failed", s.failed());
    s.failedReasons().forEach((r, n) -> t.row("videos", "  " + r, n));
    t.row("media", "MB stored", Numbers.mb(s.mediaBytes()));
    t.row("check", "reconciles", s.reconciles() ? "yes" : "NO");
    return t;
  }

  /**
   * CPU ms per video-second by part, pooled and per video, with each part's share and the real-time
   * factor it alone would allow on one core.
   */
  public static Table costTable(List<ProcessSummary.Cost> costs) {
    double all =
        costs.stream()
            .filter(c -> c.part().equals(ProcessSummary.ALL_PARTS))
            .mapToDouble(ProcessSummary.Cost::totalMs)
            .findFirst()
            .orElse(0);
    Table t =
        new Table(
            "part",
            "CPU s",
            "share",
            "ms per video-s (pooled)",
            "median per video",
            "p90 per video",
            "x real time per core");
    for (ProcessSummary.Cost c : costs) {
      t.row(
          c.part(),
          Numbers.fixed(c.totalMs() / 1000, 1),
          all > 0 ? Numbers.fixed(100 * c.totalMs() / all, 1) + " %" : "-",
          Numbers.fixed(c.msPerVideoS(), 1),
          Numbers.fixed(c.medianMsPerVideoS(), 1),
          Numbers.fixed(c.p90(), 1),
          Double.isInfinite(c.realTimeFactor()) ? "-" : Numbers.fixed(c.realTimeFactor(), 1));
    }
    return t;
  }

  static Table table(ProcessSummary s) {
    Table t = new Table("stage", "outcome", "count");
    t.row("process", "videos in", s.videosIn());
    t.row("process", "processed", s.processed());
    t.row("process", "reused (complete from an earlier run)", s.reused());
    t.row("process", "failed", s.failed());
    s.failedReasons().forEach((r, n) -> t.row("process", "  " + r, n));
    s.modalities().forEach((m, counts) -> counts.forEach((k, n) -> t.row(m, k, n)));
    if (s.decodeMs() > 0) {
      t.row(
          "speed",
          "video-seconds per wall-second",
          Numbers.fixed(s.mediaSeconds() / (s.decodeMs() / 1000.0), 1));
    }
    t.row("check", "reconciles", s.reconciles() ? "yes" : "NO");
    return t;
  }
}
