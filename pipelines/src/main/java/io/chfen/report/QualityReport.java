package io.chfen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.eval.FaceEvaluation;
import io.chfen.eval.OcrEvaluation;
import io.chfen.eval.TruthCheck;
import io.chfen.files.FileOps;
import io.chfen.pipelines.crawl.CrawlPipeline;
import io.chfen.pipelines.encode.EncodePipeline;
import io.chfen.pipelines.encode.Manifest;
import io.chfen.pipelines.process.ProcessPipeline;
import io.chfen.records.EncodedSample;
import io.chfen.records.Failure;
import io.chfen.records.ModalityLabels;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.Tensors;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;

/**
 * The dataset quality report: one self-contained HTML page (charts embedded as PNG) over a build
 * output — what every stage produced, filtered and lost and why, what the media look like, which
 * modalities each video has, the quality estimates each analyzer left (OCR confidence, the
 * estimated speech-to-music ratio, faces kept, clipping and silence), the labels and how far the
 * annotators agree, near-duplicates, and the videos to inspect first.
 */
public final class QualityReport {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path out;
  private final Path truth;
  private final StringBuilder html = new StringBuilder();

  private QualityReport(Path out, Path truth) {
    this.out = out;
    this.truth = truth;
  }

  /**
   * Writes {@code <out>/report/index.html}; returns its path.
   *
   * @param truth a sample corpus with ground truth: the build's videos that are its videos are
   *     scored against it; null for none
   */
  public static Path write(Path out, Path truth) throws IOException {
    QualityReport r = new QualityReport(out, truth);
    r.build();
    Path file = out.resolve("report").resolve("index.html");
    Files.createDirectories(file.getParent());
    FileOps.writeAtomically(file, r.html.toString().getBytes(StandardCharsets.UTF_8));
    return file;
  }

  private void build() throws IOException {
    JsonNode crawl = json(out.resolve("summary.json"));
    JsonNode process = json(out.resolve("process-summary.json"));
    JsonNode manifest = json(out.resolve(EncodePipeline.SHARDS).resolve(Manifest.FILE));
    List<VideoMetadata> metadata =
        ParquetFiles.readAll(out.resolve(CrawlPipeline.METADATA), Schemas.VIDEO_METADATA);
    List<VideoArtifacts> videos =
        ParquetFiles.readAll(out.resolve(ProcessPipeline.PROCESSED), Schemas.VIDEO_ARTIFACTS);
    List<Failure> failures =
        ParquetFiles.readAll(out.resolve(CrawlPipeline.FAILURES), Schemas.FAILURE);
    List<EncodedSample> rows = new ArrayList<>();
    for (String split : List.of("train", "validation", "test")) {
      rows.addAll(
          ParquetFiles.readAll(
              out.resolve(EncodePipeline.SHARDS).resolve(split), Schemas.ENCODED_SAMPLE));
    }
    Map<String, JsonNode> stats = new TreeMap<>();
    for (VideoArtifacts v : videos) {
      Path a = out.resolve("artifacts").resolve(v.getId().toString()).resolve("artifacts.json");
      if (Files.exists(a)) {
        stats.put(v.getId().toString(), JSON.readTree(a.toFile()).path("modalities"));
      }
    }

    head();
    overview(crawl, process, manifest, rows);
    losses(crawl, process, failures);
    media(videos);
    coverage(process, rows);
    quality(stats);
    if (truth != null) {
      truth(TruthCheck.score(out, truth, metadata));
    }
    labels(manifest, rows);
    duplicates(metadata);
    worst(stats, rows, videos);
    html.append("</main></body></html>\n");
  }

  private void head() {
    html.append(
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <title>CHFEN dataset quality report</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d232a}
        main{max-width:1100px;margin:0 auto;padding:24px}
        h1{margin:0 0 4px} h2{margin-top:36px;border-bottom:2px solid #d9dee5;padding-bottom:4px}
        table{border-collapse:collapse;background:#fff;margin:8px 0}
        th,td{border:1px solid #d9dee5;padding:4px 10px;text-align:left}
        th{background:#eef1f5} td.n{text-align:right;font-variant-numeric:tabular-nums}
        img{max-width:100%;background:#fff;border:1px solid #d9dee5;margin:8px 0}
        .note{color:#5b6573} .bad{color:#a1260d;font-weight:600}
        .grid{display:grid;grid-template-columns:1fr 1fr;gap:12px}
        </style></head><body><main>
        <h1>Dataset quality report</h1>
        """);
    html.append("<p class=note>")
        .append(esc(out.toAbsolutePath().toString()))
        .append(" · generated ")
        .append(java.time.Instant.now())
        .append("</p>\n");
  }

  private void overview(
      JsonNode crawl, JsonNode process, JsonNode manifest, List<EncodedSample> rows) {
    html.append("<h2 id=overview>Every input accounted for</h2>\n");
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("pages seen", crawl.at("/pages/seen").asLong());
    t.put(
        "pages fetched / failed / skipped",
        counts(crawl, "/pages/fetched", "/pages/failed", "/pages/skipped"));
    t.put("videos found", crawl.at("/videos/found").asLong());
    t.put(
        "videos kept / filtered / failed",
        counts(crawl, "/videos/kept", "/videos/filtered", "/videos/failed"));
    t.put(
        "videos processed / failed",
        (process.path("processed").asLong() + process.path("reused").asLong())
            + " / "
            + process.path("failed").asLong());
    t.put(
        "shard rows (train / validation / test)",
        manifest.path("rows").asLong()
            + " ("
            + counts(manifest, "/splits/train/rows", "/splits/validation/rows", "/splits/test/rows")
            + ")");
    t.put("encode failures", manifest.path("failures").asLong());
    t.put("labelled rows", rows.stream().filter(r -> !r.getLabels().isEmpty()).count());
    t.put(
        "crawl and process reconcile",
        crawl.path("reconciles").asBoolean() && process.path("reconciles").asBoolean()
            ? "yes"
            : "NO");
    table(List.of("what", "count"), t);
  }

  /** The numbers at {@code paths} in {@code json}, "a / b / c". */
  private static String counts(JsonNode json, String... paths) {
    return java.util.Arrays.stream(paths)
        .map(p -> Long.toString(json.at(p).asLong()))
        .collect(java.util.stream.Collectors.joining(" / "));
  }

  private void losses(JsonNode crawl, JsonNode process, List<Failure> failures) throws IOException {
    html.append("<h2 id=losses>Filtered and failed, by reason</h2>\n");
    DefaultCategoryDataset d = new DefaultCategoryDataset();
    addReasons(d, "page", crawl.at("/pages/reasons"));
    addReasons(d, "video filtered", crawl.at("/videos/filteredReasons"));
    addReasons(d, "video failed", crawl.at("/videos/failedReasons"));
    addReasons(d, "processing failed", process.path("failedReasons"));
    chart(
        ChartFactory.createBarChart(
            "Items per reason", null, "items", d, PlotOrientation.HORIZONTAL, false, false, false),
        900,
        Math.max(300, 28 * d.getColumnCount() + 120));
    Map<String, Object> t = new LinkedHashMap<>();
    for (Failure f : failures) {
      t.put(
          f.getStage() + " · " + f.getId(),
          f.getReason() + ": " + abbreviate(String.valueOf(f.getMessage()), 140));
    }
    if (!t.isEmpty()) {
      html.append("<p>Each failed item, with its cause (dead-letter output):</p>\n");
      table(List.of("stage · item", "reason: message"), t);
    }
  }

  private static void addReasons(DefaultCategoryDataset d, String group, JsonNode reasons) {
    reasons
        .fields()
        .forEachRemaining(
            e -> d.addValue(e.getValue().asDouble(), "items", group + " · " + e.getKey()));
  }

  private void media(List<VideoArtifacts> videos) throws IOException {
    html.append("<h2 id=media>Media</h2>\n");
    if (videos.isEmpty()) {
      html.append("<p>No processed videos.</p>\n");
      return;
    }
    double[] durations = videos.stream().mapToDouble(VideoArtifacts::getDurationS).toArray();
    double[] heights =
        videos.stream().mapToDouble(v -> Math.min(v.getWidth(), v.getHeight())).toArray();
    html.append("<div class=grid>");
    histogram("Duration", "seconds", durations);
    histogram("Resolution", "short side, px", heights);
    html.append("</div>");
    Map<String, Long> orient = new TreeMap<>();
    for (VideoArtifacts v : videos) {
      String o =
          v.getHeight() > v.getWidth()
              ? "portrait"
              : v.getHeight() < v.getWidth() ? "landscape" : "square";
      orient.merge(o, 1L, Long::sum);
    }
    Map<String, Object> t = new LinkedHashMap<>(orient);
    t.put("with audio", videos.stream().filter(VideoArtifacts::getHasAudio).count());
    t.put("total duration (min)", fmt(java.util.Arrays.stream(durations).sum() / 60, 1));
    table(List.of("orientation / audio", "videos"), t);
  }

  private void coverage(JsonNode process, List<EncodedSample> rows) throws IOException {
    html.append("<h2 id=coverage>Modality coverage</h2>\n");
    Map<String, Object> t = new LinkedHashMap<>();
    process
        .path("modalities")
        .fields()
        .forEachRemaining(
            m -> {
              StringBuilder s = new StringBuilder();
              m.getValue()
                  .fields()
                  .forEachRemaining(
                      e ->
                          s.append(e.getKey())
                              .append(" ")
                              .append(e.getValue().asLong())
                              .append("  "));
              t.put(m.getKey(), s.toString().strip());
            });
    table(List.of("analyzer", "outcomes (videos)"), t);
    if (rows.isEmpty()) {
      return;
    }
    DefaultCategoryDataset d = new DefaultCategoryDataset();
    for (String m : List.of("frames", "faces", "text", "vocals", "music")) {
      long present = 0;
      long steps = 0;
      for (EncodedSample r : rows) {
        boolean[] b = Tensors.booleans(mask(r, m));
        steps += b.length;
        for (boolean x : b) {
          present += x ? 1 : 0;
        }
      }
      d.addValue(steps == 0 ? 0 : 100.0 * present / steps, "share of time steps with it (%)", m);
    }
    chart(
        ChartFactory.createBarChart(
            "Per-step coverage in the shards",
            null,
            "% of steps",
            d,
            PlotOrientation.VERTICAL,
            false,
            false,
            false),
        900,
        320);
  }

  private void quality(Map<String, JsonNode> stats) throws IOException {
    html.append("<h2 id=quality>Quality estimates (no ground truth needed)</h2>\n");
    html.append(
        "<p class=note>From each analyzer's own statistics, for every video. Measured against"
            + " ground truth where there is some: the next section.</p>\n");
    List<Double> ocr = new ArrayList<>();
    List<Double> stm = new ArrayList<>();
    for (JsonNode m : stats.values()) {
      JsonNode c = m.at("/subtitles/stats/meanConfidence");
      if (c.isNumber() && m.at("/subtitles/stats/cues").asDouble() > 0) {
        ocr.add(c.asDouble());
      }
      JsonNode s = m.at("/separation/stats/estimatedSpeechToMusicDb");
      if (s.isNumber()) {
        // near-silent music makes the ratio huge: shown at the chart's edge
        stm.add(Math.max(-20, Math.min(40, s.asDouble())));
      }
    }
    html.append("<div class=grid>");
    histogram(
        "Subtitle OCR confidence (mean per video)",
        "confidence",
        ocr.stream().mapToDouble(Double::doubleValue).toArray());
    histogram(
        "Estimated speech-to-music ratio (clamped to -20…40 dB)",
        "dB",
        stm.stream().mapToDouble(Double::doubleValue).toArray());
    html.append("</div>");
  }

  /** A half-width histogram of videos over {@code values} (10 bins); nothing when empty. */
  private void histogram(String title, String xLabel, double[] values) throws IOException {
    if (values.length == 0) {
      return;
    }
    HistogramDataset h = new HistogramDataset();
    h.addSeries(xLabel, values, 10);
    chart(ChartFactory.createHistogram(title, xLabel, "videos", h), 540, 320);
  }

  private void truth(List<TruthCheck.VideoScore> scores) {
    html.append("<h2 id=truth>Quality against ground truth</h2>\n");
    if (scores.isEmpty()) {
      html.append(
          "<p class=note>No video of this build is a video of the ground-truth corpus ("
              + esc(truth.toString())
              + "), matched by SHA-256.</p>\n");
      return;
    }
    TruthCheck.Summary s = TruthCheck.summarize(scores);
    html.append(
        "<p class=note>The "
            + s.videos()
            + " videos of this build that are videos of the sample corpus (matched by SHA-256),"
            + " scored on what the pipeline wrote: subtitles.srt against the true cues, vocals.wav"
            + " and music.wav against the true stems, faces.json against the true boxes and"
            + " identities.</p>\n");
    List<List<String>> measures = new ArrayList<>();
    OcrEvaluation.Result o = s.ocr();
    measures.add(
        List.of(
            "OCR character error rate",
            pct(o.cer()),
            "edits per true character over the matched cues ("
                + o.matched()
                + " of "
                + o.truthCues()
                + ")"));
    measures.add(
        List.of("OCR cue recall", pct(o.recall()), "true cues found (overlap ≥ 0.5, CER ≤ 0.2)"));
    measures.add(List.of("OCR cue precision", pct(o.precision()), "written cues that are true"));
    if (s.separated() > 0) {
      measures.add(
          List.of(
              "vocals SI-SDR",
              db(s.vocalsSiSdr()),
              "mean over "
                  + s.separated()
                  + " videos; the unseparated mixture scores "
                  + db(s.mixtureVocalsSiSdr())
                  + ", so separation gains "
                  + db(s.vocalsSiSdr() - s.mixtureVocalsSiSdr())));
      measures.add(List.of("music SI-SDR", db(s.musicSiSdr()), "mean over the same videos"));
    }
    FaceEvaluation.Score f = s.faces();
    if (f.videos > 0) {
      measures.add(
          List.of("face IDF1", pct(f.idf1()), "identity F1 over " + f.frames + " sampled frames"));
      measures.add(
          List.of(
              "face MOTA",
              pct(f.mota()),
              "1 − (misses + false positives + switches) / true faces"));
      measures.add(
          List.of(
              "persons counted right",
              f.exactCount + " of " + f.videos,
              "videos whose number of unique persons is the truth's"));
    }
    grid(List.of("measure", "value", "what it means"), measures);
    List<List<String>> perVideo = new ArrayList<>();
    for (TruthCheck.VideoScore v : scores) {
      boolean cues = v.ocr() != null && v.ocr().truthCues() > 0;
      perVideo.add(
          List.of(
              v.id(),
              v.corpusVideo(),
              cues ? pct(v.ocr().cer()) : "–",
              cues ? pct(v.ocr().recall()) : "–",
              v.separation() == null ? "–" : db(v.separation().vocals()),
              v.separation() == null ? "–" : db(v.separation().vocalsGain()),
              v.faces() == null ? "–" : pct(v.faces().idf1()),
              v.faces() == null ? "–" : v.persons() + " / " + v.truthPersons()));
    }
    grid(
        List.of(
            "video",
            "corpus",
            "OCR CER",
            "cue recall",
            "vocals SI-SDR",
            "gain",
            "IDF1",
            "persons / true"),
        perVideo);
  }

  private void grid(List<String> header, List<List<String>> rows) {
    html.append("<table><tr>");
    header.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
    html.append("</tr>\n");
    for (List<String> r : rows) {
      html.append("<tr>");
      r.forEach(c -> html.append("<td>").append(esc(c)).append("</td>"));
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String db(double v) {
    return String.format(Locale.ROOT, "%.1f dB", v);
  }

  private void labels(JsonNode manifest, List<EncodedSample> rows) throws IOException {
    html.append("<h2 id=labels>Labels and agreement</h2>\n");
    JsonNode l = manifest.path("labels");
    DefaultCategoryDataset alpha = new DefaultCategoryDataset();
    l.path("alphaPerModality")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNumber()) {
                alpha.addValue(e.getValue().asDouble(), "Krippendorff's alpha", e.getKey());
              }
            });
    DefaultCategoryDataset dist = new DefaultCategoryDataset();
    List<String> names = io.chfen.trainer.Scores.EMOTIONS;
    long[] counts = new long[8];
    for (EncodedSample r : rows) {
      ModalityLabels m = r.getLabels().get("overall");
      if (m == null) {
        continue;
      }
      float[] soft = Tensors.floats(m.getIntensity());
      int best = -1;
      double top = 0;
      for (int e = 0; e < 8; e++) {
        double x = soft[e * 4 + 1] + 2 * soft[e * 4 + 2] + 3 * soft[e * 4 + 3];
        if (x > top) {
          top = x;
          best = e;
        }
      }
      if (best >= 0) {
        counts[best]++;
      }
    }
    for (int e = 0; e < 8; e++) {
      dist.addValue(counts[e], "videos", names.get(e));
    }
    html.append("<div class=grid>");
    chart(
        ChartFactory.createBarChart(
            "Primary emotion (overall labels)",
            null,
            "videos",
            dist,
            PlotOrientation.VERTICAL,
            false,
            false,
            false),
        540,
        320);
    chart(
        ChartFactory.createBarChart(
            "Agreement per modality",
            null,
            "alpha",
            alpha,
            PlotOrientation.VERTICAL,
            false,
            false,
            false),
        540,
        320);
    html.append("</div>");
    html.append("<p>")
        .append(l.path("labelledSamples").asLong())
        .append(" labelled videos from ")
        .append(l.path("annotators").asInt())
        .append(" annotators; ")
        .append(l.path("lowAgreementVideos").asInt())
        .append(" with agreement under ")
        .append(l.path("agreementFloor").asDouble())
        .append(" (listed below).</p>\n");
  }

  private void duplicates(List<VideoMetadata> metadata) {
    html.append("<h2 id=duplicates>Near-duplicates</h2>\n");
    Map<String, Object> t = new LinkedHashMap<>();
    for (VideoMetadata v : metadata) {
      if (v.getNearDuplicateOf() != null) {
        t.put(
            v.getId() + " · " + abbreviate(String.valueOf(v.getTitle()), 60),
            v.getNearDuplicateOf());
      }
    }
    if (t.isEmpty()) {
      html.append("<p>None flagged.</p>\n");
    } else {
      table(List.of("video · title", "near-duplicate of"), t);
    }
  }

  /** Videos ranked by how many warning signs they show. */
  private void worst(
      Map<String, JsonNode> stats, List<EncodedSample> rows, List<VideoArtifacts> videos) {
    html.append("<h2 id=worst>Inspect first</h2>\n");
    Map<String, List<String>> signs = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : stats.entrySet()) {
      List<String> s = new ArrayList<>();
      JsonNode m = e.getValue();
      m.fields()
          .forEachRemaining(
              x -> {
                String status = x.getValue().path("status").asText();
                if (!status.equals("ok")) {
                  s.add(
                      x.getKey()
                          + " "
                          + status
                          + (x.getValue().hasNonNull("reason")
                              ? ":" + x.getValue().path("reason").asText()
                              : ""));
                }
              });
      if (m.at("/subtitles/stats/cues").asDouble() > 0
          && m.at("/subtitles/stats/meanConfidence").asDouble(1) < 0.8) {
        s.add("OCR confidence " + fmt(m.at("/subtitles/stats/meanConfidence").asDouble(), 2));
      }
      JsonNode stm = m.at("/separation/stats/estimatedSpeechToMusicDb");
      if (stm.isNumber() && stm.asDouble() < 0) {
        s.add("speech under the music (" + fmt(stm.asDouble(), 1) + " dB)");
      }
      if (m.at("/audio/stats/clippedShare").asDouble() > 0.01) {
        s.add("clipped audio " + fmt(100 * m.at("/audio/stats/clippedShare").asDouble(), 1) + "%");
      }
      if (m.at("/faces/stats/droppedTracks").asDouble() > 0) {
        s.add(m.at("/faces/stats/droppedTracks").asLong() + " face tracks dropped");
      }
      signs.put(e.getKey(), s);
    }
    for (EncodedSample r : rows) {
      if (r.getLowAgreement()) {
        signs
            .computeIfAbsent(r.getId().toString(), k -> new ArrayList<>())
            .add("low label agreement");
      }
    }
    List<Map.Entry<String, List<String>>> ranked = new ArrayList<>(signs.entrySet());
    ranked.removeIf(e -> e.getValue().isEmpty());
    ranked.sort(
        Comparator.comparingInt((Map.Entry<String, List<String>> e) -> -e.getValue().size())
            .thenComparing(Map.Entry::getKey));
    Map<String, Object> t = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : ranked.subList(0, Math.min(15, ranked.size()))) {
      t.put(e.getKey(), String.join("; ", e.getValue()));
    }
    if (t.isEmpty()) {
      html.append("<p>No video shows a warning sign.</p>\n");
    } else {
      table(List.of("video", "warning signs"), t);
    }
  }

  private static io.chfen.records.Tensor mask(EncodedSample r, String m) {
    return switch (m) {
      case "frames" -> r.getFramesMask();
      case "faces" -> r.getFacesMask();
      case "text" -> r.getTextMask();
      case "vocals" -> r.getVocalsMask();
      default -> r.getMusicMask();
    };
  }

  private void table(List<String> header, Map<String, Object> rows) {
    html.append("<table><tr>");
    header.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
    html.append("</tr>\n");
    rows.forEach(
        (k, v) -> {
          String cell = String.valueOf(v);
          boolean number = v instanceof Number;
          html.append("<tr><td>")
              .append(esc(k))
              .append(number ? "</td><td class=n>" : "</td><td>")
              .append(esc(cell))
              .append("</td></tr>\n");
        });
    html.append("</table>\n");
  }

  private void chart(JFreeChart chart, int w, int h) throws IOException {
    chart.setBackgroundPaint(Color.WHITE);
    org.jfree.chart.plot.Plot plot = chart.getPlot();
    plot.setBackgroundPaint(Color.WHITE);
    if (plot instanceof org.jfree.chart.plot.CategoryPlot c) {
      c.setRangeGridlinePaint(Color.LIGHT_GRAY);
      c.getRenderer().setSeriesPaint(0, new Color(0x3b6fb6));
      ((org.jfree.chart.renderer.category.BarRenderer) c.getRenderer())
          .setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
    } else if (plot instanceof org.jfree.chart.plot.XYPlot x) {
      x.setRangeGridlinePaint(Color.LIGHT_GRAY);
      x.setDomainGridlinePaint(Color.LIGHT_GRAY);
      x.getRenderer().setSeriesPaint(0, new Color(0x3b6fb6));
      if (x.getRenderer() instanceof org.jfree.chart.renderer.xy.XYBarRenderer b) {
        b.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        b.setShadowVisible(false);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(png, chart, w, h);
    html.append("<img alt=\"")
        .append(esc(chart.getTitle() == null ? "chart" : chart.getTitle().getText()))
        .append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png.toByteArray()))
        .append("\">\n");
  }

  private static JsonNode json(Path f) throws IOException {
    if (!Files.exists(f)) {
      throw new IOException(f + " is missing: run the pipeline (chfen build or demo) first");
    }
    return JSON.readTree(f.toFile());
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String abbreviate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }

  private static String fmt(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }
}
