package io.chfen.app.print;

import io.chfen.dataset.eval.CrawlEvaluation;
import io.chfen.dataset.eval.FaceEvaluation;
import io.chfen.dataset.eval.OcrEvaluation;
import io.chfen.dataset.eval.SeparationEvaluation;
import io.chfen.dataset.eval.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** The tables of {@code chfen dev eval}: quality against the corpus's ground truth. */
public final class EvalTables {
  private EvalTables() {}

  /** One OCR row per result: per video, or per run ("all"). */
  public static Table ocr(String run, List<OcrEvaluation.Result> results) {
    Table t =
        new Table(
            "run",
            "video",
            "truth cues",
            "found",
            "CER %",
            "recall %",
            "precision %",
            "start err ms (median)",
            "end err ms (median)",
            "OCR calls",
            "calls per video-s",
            "ms per video-s");
    results.forEach(r -> ocrRow(t, run, r));
    return t;
  }

  /** Adds a result's row to a table of {@link #ocr}. */
  public static void ocrRow(Table t, String run, OcrEvaluation.Result r) {
    t.row(
        run,
        r.name(),
        r.truthCues(),
        r.hypCues(),
        Numbers.fixed(100 * r.cer(), 1),
        Numbers.fixed(100 * r.recall(), 1),
        Numbers.fixed(100 * r.precision(), 1),
        Numbers.fixed(r.medianStartMs(), 0),
        Numbers.fixed(r.medianEndMs(), 0),
        r.ocrCalls(),
        Numbers.fixed(r.ocrCalls() / r.videoS(), 2),
        Numbers.fixed(1000 * r.wallS() / r.videoS(), 0));
  }

  /** One row per video's face tracks, then "all". */
  public static Table faces(List<FaceEvaluation.Result> results) {
    Table t =
        new Table(
            "video",
            "persons (truth)",
            "persons",
            "MOTA",
            "IDF1",
            "recall",
            "precision",
            "ID switches",
            "frames",
            "ms");
    for (FaceEvaluation.Result r : results) {
      facesRow(
          t,
          r.video(),
          Integer.toString(r.truthPersons()),
          Integer.toString(r.persons()),
          r.score());
    }
    FaceEvaluation.Score all = FaceEvaluation.total(results);
    facesRow(t, "all", "", all.exactCount + "/" + all.videos + " exact", all);
    return t;
  }

  private static void facesRow(
      Table t, String video, String truth, String persons, FaceEvaluation.Score s) {
    t.row(
        video,
        truth,
        persons,
        Numbers.fixed(s.mota(), 3),
        Numbers.fixed(s.idf1(), 3),
        Numbers.fixed(s.recall(), 3),
        Numbers.fixed(s.precision(), 3),
        s.switches,
        s.frames,
        s.ms);
  }

  /** The detector on the real photos. */
  public static Table photos(List<FaceEvaluation.PhotoResult> results) {
    Table t = new Table("photo", "person", "found", "best IoU", "boxes");
    for (FaceEvaluation.PhotoResult r : results) {
      t.row(
          r.photo().photo().getFileName(),
          r.photo().id(),
          r.found() ? "yes" : "no",
          Numbers.fixed(r.bestIou(), 2),
          r.boxes());
    }
    return t;
  }

  /** One row per clip, mix and method. */
  public static Table separationClips(List<SeparationEvaluation.Score> scores) {
    Table t =
        new Table(
            "clip",
            "mix",
            "method",
            "vocals SI-SDR",
            "vocals SI-SDRi",
            "music SI-SDR",
            "music SI-SDRi",
            "estimated SMR dB",
            "speech recall %",
            "speech false alarms %");
    for (SeparationEvaluation.Score s : scores) {
      t.row(
          s.clip(),
          s.mix(),
          s.method(),
          Numbers.fixed(s.vocalsSdr(), 2),
          Numbers.fixed(s.vocalsSdri(), 2),
          Numbers.fixed(s.musicSdr(), 2),
          Numbers.fixed(s.musicSdri(), 2),
          Numbers.fixed(s.estimatedSmrDb(), 2),
          Numbers.fixed(100 * s.speechRecall(), 1),
          Numbers.fixed(100 * s.speechFalseAlarm(), 1));
    }
    return t;
  }

  /** Where a separation table pools every mix, and every mix of the mono clips. */
  public static final String ALL_MIXES = "all";

  public static final String MONO_MIXES = "all, mono";

  /**
   * Medians per mix and method, then pooled over all mixes and over the mono clips' mixes, and how
   * much faster than real time each ran; methods not scored are left out.
   */
  public static Table separation(List<String> mixes, List<SeparationEvaluation.Score> scores) {
    Table t =
        new Table(
            "mix",
            "method",
            "clips",
            "vocals SI-SDRi dB (median)",
            "music SI-SDRi dB (median)",
            "vocals SI-SDR dB (median)",
            "music SI-SDR dB (median)",
            "speech recall % (median)",
            "speech false alarms % (median)",
            "× real time");
    List<String> rows = new ArrayList<>(mixes);
    rows.add(ALL_MIXES);
    rows.add(MONO_MIXES);
    for (String mix : rows) {
      for (String method : SeparationEvaluation.METHODS) {
        List<SeparationEvaluation.Score> xs =
            scores.stream()
                .filter(
                    s ->
                        s.method().equals(method)
                            && (mix.equals(ALL_MIXES)
                                || mix.equals(MONO_MIXES) && s.channels() == 1
                                || s.mix().equals(mix)))
                .toList();
        if (xs.isEmpty()) {
          continue;
        }
        double secs = xs.stream().mapToDouble(SeparationEvaluation.Score::seconds).sum();
        double wall = xs.stream().mapToDouble(SeparationEvaluation.Score::wallS).sum();
        t.row(
            mix,
            method,
            xs.size(),
            median(xs, SeparationEvaluation.Score::vocalsSdri),
            median(xs, SeparationEvaluation.Score::musicSdri),
            median(xs, SeparationEvaluation.Score::vocalsSdr),
            median(xs, SeparationEvaluation.Score::musicSdr),
            percent(xs, SeparationEvaluation.Score::speechRecall),
            percent(xs, SeparationEvaluation.Score::speechFalseAlarm),
            wall == 0 ? "-" : Numbers.fixed(secs / wall, 1));
      }
    }
    return t;
  }

  private static String percent(
      List<SeparationEvaluation.Score> xs, ToDoubleFunction<SeparationEvaluation.Score> f) {
    double[] v = xs.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).toArray();
    return v.length == 0 ? "-" : Numbers.fixed(100 * Stats.median(v), 1);
  }

  private static String median(
      List<SeparationEvaluation.Score> xs, ToDoubleFunction<SeparationEvaluation.Score> f) {
    return Numbers.fixed(Stats.median(xs.stream().mapToDouble(f).toArray()), 2);
  }

  /**
   * The crawl's field accuracy: totals for generic markup and for the pack (all fixtures, the pages
   * with standard markup, the Chinese platforms), then a site × field table for each config, then
   * every failed check.
   */
  public static String crawl(
      List<CrawlEvaluation.Outcome> generic, List<CrawlEvaluation.Outcome> pack) {
    StringBuilder sb = new StringBuilder();
    Table totals =
        new Table(
            "extraction",
            "fixtures",
            "sites",
            "checks",
            "passed",
            "accuracy %",
            "standard-markup pages %",
            "Chinese platforms %");
    for (Map.Entry<String, List<CrawlEvaluation.Outcome>> run :
        Map.of("generic markup only", generic, "with the profile pack", pack).entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .toList()) {
      List<CrawlEvaluation.Check> all = checks(run.getValue(), f -> true);
      Set<String> sites = new LinkedHashSet<>();
      run.getValue().forEach(o -> sites.add(o.fixture().site));
      totals.row(
          run.getKey(),
          run.getValue().size(),
          sites.size(),
          all.size(),
          passed(all),
          pct(all),
          pct(checks(run.getValue(), CrawlEvaluation.Fixture::standardMarkup)),
          pct(checks(run.getValue(), f -> f.chinese)));
    }
    sb.append(totals).append('\n');
    sb.append("with the profile pack (passed/checked per site and field):\n")
        .append(bySiteAndField(pack))
        .append('\n');
    sb.append("generic markup only:\n").append(bySiteAndField(generic)).append('\n');
    Table failed = new Table("extraction", "fixture", "video", "field", "expected", "got");
    for (Map.Entry<String, List<CrawlEvaluation.Outcome>> run :
        List.of(Map.entry("pack", pack), Map.entry("generic", generic))) {
      for (CrawlEvaluation.Outcome o : run.getValue()) {
        if (o.error() != null) {
          failed.row(run.getKey(), o.fixture().file, "", "(unreadable)", "", o.error());
        }
        for (CrawlEvaluation.Check c : o.checks()) {
          if (!c.ok()) {
            failed.row(
                run.getKey(),
                o.fixture().file,
                c.video() < 0 ? "" : Integer.toString(c.video()),
                c.field(),
                cut(String.valueOf(c.expected())),
                cut(String.valueOf(c.got())));
          }
        }
      }
    }
    sb.append("failed checks:\n").append(failed);
    return sb.toString();
  }

  private static List<CrawlEvaluation.Check> checks(
      List<CrawlEvaluation.Outcome> outcomes, Predicate<CrawlEvaluation.Fixture> which) {
    List<CrawlEvaluation.Check> out = new ArrayList<>();
    outcomes.stream().filter(o -> which.test(o.fixture())).forEach(o -> out.addAll(o.checks()));
    return out;
  }

  private static long passed(List<CrawlEvaluation.Check> checks) {
    return checks.stream().filter(CrawlEvaluation.Check::ok).count();
  }

  private static String pct(List<CrawlEvaluation.Check> checks) {
    return checks.isEmpty() ? "—" : Numbers.fixed(100.0 * passed(checks) / checks.size(), 1);
  }

  private static Table bySiteAndField(List<CrawlEvaluation.Outcome> outcomes) {
    Map<String, Map<String, int[]>> cells = new LinkedHashMap<>();
    Set<String> fields = new LinkedHashSet<>();
    for (CrawlEvaluation.Outcome o : outcomes) {
      for (CrawlEvaluation.Check c : o.checks()) {
        fields.add(c.field());
        int[] n =
            cells
                .computeIfAbsent(o.fixture().site, k -> new LinkedHashMap<>())
                .computeIfAbsent(c.field(), k -> new int[2]);
        n[0] += c.ok() ? 1 : 0;
        n[1]++;
      }
    }
    List<String> header = new ArrayList<>(List.of("site"));
    header.addAll(fields);
    header.add("all %");
    Table t = new Table(header.toArray(String[]::new));
    for (Map.Entry<String, Map<String, int[]>> site : cells.entrySet()) {
      List<Object> row = new ArrayList<>(List.of(site.getKey()));
      int ok = 0;
      int n = 0;
      for (String f : fields) {
        int[] x = site.getValue().get(f);
        row.add(x == null ? "" : x[0] + "/" + x[1]);
        if (x != null) {
          ok += x[0];
          n += x[1];
        }
      }
      row.add(Numbers.fixed(100.0 * ok / n, 0));
      t.row(row.toArray());
    }
    return t;
  }

  private static String cut(String s) {
    String one = s.replace('\n', ' ').replace('|', '¦');
    return one.length() <= 60 ? one : one.substring(0, 59) + "…";
  }
}
