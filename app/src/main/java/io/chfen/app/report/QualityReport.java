package io.chfen.app.report;

import io.chfen.app.print.Numbers;
import io.chfen.app.print.Summaries;
import io.chfen.app.print.Table;
import io.chfen.dataset.eval.FaceEvaluation;
import io.chfen.dataset.eval.OcrEvaluation;
import io.chfen.dataset.eval.TruthCheck;
import io.chfen.dataset.labels.ModelRater;
import io.chfen.dataset.summary.ProcessSummary;
import io.chfen.files.Location;
import io.chfen.records.EncodedSample;
import io.chfen.records.Failure;
import io.chfen.records.ModalityLabels;
import io.chfen.records.ModalityResult;
import io.chfen.records.Tensor;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Analysis;
import io.chfen.schemas.Plutchik;
import io.chfen.schemas.ShardManifest;
import io.chfen.schemas.Status;
import io.chfen.schemas.Tensors;
import io.chfen.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The dataset quality report: one self-contained HTML page (charts embedded as PNG) over a build
 * output — what every stage produced, filtered and lost and why, what the media look like, which
 * modalities each video has, the quality estimates each analyzer left (OCR confidence, the
 * estimated speech-to-music ratio, faces kept, clipping and silence), the labels and how far the
 * annotators agree, near-duplicates, and the videos to inspect first. {@link ReportData} reads the
 * output, {@link ReportHtml} writes the page, {@link ReportCharts} draws.
 */
public final class QualityReport {
  /** Each tensor's mask in a shard row, by the name the coverage chart gives it. */
  static final Map<String, Function<EncodedSample, Tensor>> MASKS = new LinkedHashMap<>();

  static {
    MASKS.put("frames", EncodedSample::getFramesMask);
    MASKS.put("faces", EncodedSample::getFacesMask);
    MASKS.put("text", EncodedSample::getTextMask);
    MASKS.put("vocals", EncodedSample::getVocalsMask);
    MASKS.put("music", EncodedSample::getMusicMask);
  }

  private final ReportData data;

  /** The report's page under {@code <out>/report/}. */
  public static final String PAGE = "index.html";

  private final Path truth;

  /** The review pages' size per video, said in the report. */
  private long pageBytes;

  private final ReportHtml page;
  private final ReportCharts charts;

  private QualityReport(ReportData data, Path truth) {
    this.data = data;
    this.truth = truth;
    this.page = new ReportHtml(data.run().root().toString());
    this.charts = new ReportCharts(page);
  }

  /**
   * Writes {@code <out>/report/index.html}; returns its path.
   *
   * @param truth a sample corpus with ground truth: the build's videos that are its videos are
   *     scored against it; null for none
   */
  public static Location write(Location out, Path truth) throws IOException {
    ReportData data = ReportData.read(out);
    QualityReport r = new QualityReport(data, truth);
    r.pageBytes = new VideoPages(data).write(data.run().report());
    r.build();
    Location file = data.run().report().child(PAGE);
    Storage.write(file, r.page.finish().getBytes(StandardCharsets.UTF_8));
    return file;
  }

  private void build() throws IOException {
    overview();
    losses();
    media();
    cost();
    coverage();
    quality();
    if (truth != null) {
      truth(TruthCheck.score(data.run().root(), truth, data.metadata()));
    }
    labels();
    visualPrior();
    duplicates();
    worst();
  }

  private void overview() {
    page.section("overview", "Every input accounted for");
    var c = data.crawl();
    var p = data.process();
    ShardManifest m = data.manifest();
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("pages seen", c.pagesSeen());
    t.put(
        "pages fetched / failed / skipped",
        slash(c.pagesFetched(), c.pagesFailed(), c.pagesSkipped()));
    t.put("videos found", c.videosFound());
    t.put("videos kept / filtered / failed", slash(c.kept(), c.filtered(), c.failed()));
    t.put("videos processed / failed", slash(p.processed() + p.reused(), p.failed()));
    t.put(
        "shard rows (train / validation / test)",
        m.rows()
            + " ("
            + slash(
                ShardManifest.SPLITS.stream().mapToLong(s -> m.splits().get(s).rows()).toArray())
            + ")");
    t.put("encode failures", m.failures());
    t.put("labelled rows", data.rows().stream().filter(r -> !r.getLabels().isEmpty()).count());
    t.put("crawl and process reconcile", c.reconciles() && p.reconciles() ? "yes" : "NO");
    page.table(List.of("what", "count"), t);
  }

  /** "a / b / c". */
  private static String slash(long... counts) {
    return String.join(" / ", Arrays.stream(counts).mapToObj(Long::toString).toList());
  }

  private void losses() throws IOException {
    page.section("losses", "Filtered and failed, by reason");
    DefaultCategoryDataset d = new DefaultCategoryDataset();
    addReasons(d, "page", data.crawl().pageReasons());
    addReasons(d, "video filtered", data.crawl().filteredReasons());
    addReasons(d, "video failed", data.crawl().failedReasons());
    addReasons(d, "processing failed", data.process().failedReasons());
    charts.bars(
        "Items per reason", "items", d, true, 900, Math.max(300, 28 * d.getColumnCount() + 120));
    Map<String, Object> t = new LinkedHashMap<>();
    for (Failure f : data.failures()) {
      t.put(
          f.getStage() + " · " + f.getId(),
          f.getReason() + ": " + ReportHtml.abbreviate(String.valueOf(f.getMessage()), 140));
    }
    if (!t.isEmpty()) {
      page.paragraph("Each failed item, with its cause (dead-letter output):");
      page.table(List.of("stage · item", "reason: message"), t);
    }
  }

  private static void addReasons(
      DefaultCategoryDataset d, String group, Map<String, Long> reasons) {
    reasons.forEach((k, n) -> d.addValue(n.doubleValue(), "items", group + " · " + k));
  }

  private void media() throws IOException {
    page.section("media", "Media");
    List<VideoArtifacts> videos = data.videos();
    if (videos.isEmpty()) {
      page.paragraph("No processed videos.");
      return;
    }
    double[] durations = videos.stream().mapToDouble(VideoArtifacts::getDurationS).toArray();
    double[] heights =
        videos.stream().mapToDouble(v -> Math.min(v.getWidth(), v.getHeight())).toArray();
    page.grid();
    charts.histogram("Duration", "seconds", durations);
    charts.histogram("Resolution", "short side, px", heights);
    page.endGrid();
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
    t.put("total duration (min)", Numbers.fixed(Arrays.stream(durations).sum() / 60, 1));
    page.table(List.of("orientation / audio", "videos"), t);
  }

  /** Where the workers' CPU went, by part, from the costs each video's record carries. */
  private void cost() throws IOException {
    List<ProcessSummary.Cost> costs = data.process().cpu();
    if (costs.isEmpty()) {
      return;
    }
    page.section("cost", "Where the CPU went");
    page.paragraph(
        data.process().cpuVideos()
            + " videos carry their costs: the worker thread's CPU time by part (decoding, colour"
            + " conversion, resampling, each analyzer, writing; the models' loading once per"
            + " worker). JIT and GC threads are not included.");
    DefaultCategoryDataset d = new DefaultCategoryDataset();
    costs.stream()
        .filter(c -> !c.part().equals(ProcessSummary.ALL_PARTS))
        .forEach(c -> d.addValue(c.msPerVideoS(), "ms", c.part()));
    charts.bars(
        "CPU ms per video-second",
        "ms",
        d,
        true,
        900,
        Math.max(240, 28 * d.getColumnCount() + 120));
    Table t = Summaries.costTable(costs);
    page.rows(t.header(), t.rows());
  }

  private void coverage() throws IOException {
    page.section("coverage", "Modality coverage");
    Map<String, Object> t = new LinkedHashMap<>();
    data.process()
        .modalities()
        .forEach(
            (m, outcomes) -> {
              StringBuilder s = new StringBuilder();
              outcomes.forEach((k, n) -> s.append(k).append(' ').append(n).append("  "));
              t.put(m, s.toString().strip());
            });
    page.table(List.of("analyzer", "outcomes (videos)"), t);
    if (data.rows().isEmpty()) {
      return;
    }
    DefaultCategoryDataset d = new DefaultCategoryDataset();
    MASKS.forEach(
        (m, mask) -> {
          long present = 0;
          long steps = 0;
          for (EncodedSample r : data.rows()) {
            boolean[] b = Tensors.booleans(mask.apply(r));
            steps += b.length;
            for (boolean x : b) {
              present += x ? 1 : 0;
            }
          }
          d.addValue(
              steps == 0 ? 0 : 100.0 * present / steps, "share of time steps with it (%)", m);
        });
    charts.bars("Per-step coverage in the shards", "% of steps", d, false, 900, 320);
  }

  /** A statistic of one analysis of a video, or null when it has none. */
  static Double stat(VideoArtifacts v, String analysis, String name) {
    ModalityResult r = v.getModalities().get(analysis);
    return r == null || r.getStats() == null ? null : r.getStats().get(name);
  }

  private void quality() throws IOException {
    page.section("quality", "Quality estimates (no ground truth needed)");
    page.note(
        "From each analyzer's own statistics, for every video. Measured against ground truth"
            + " where there is some: the next section.");
    List<Double> ocr = new ArrayList<>();
    List<Double> stm = new ArrayList<>();
    for (VideoArtifacts v : data.videos()) {
      Double c = stat(v, Analysis.SUBTITLES, "meanConfidence");
      Double cues = stat(v, Analysis.SUBTITLES, "cues");
      if (c != null && cues != null && cues > 0) {
        ocr.add(c);
      }
      Double s = stat(v, Analysis.SEPARATION, "estimatedSpeechToMusicDb");
      if (s != null) {
        // near-silent music makes the ratio huge: shown at the chart's edge
        stm.add(Math.max(-20, Math.min(40, s)));
      }
    }
    page.grid();
    charts.histogram(
        "Subtitle OCR confidence (mean per video)",
        "confidence",
        ocr.stream().mapToDouble(Double::doubleValue).toArray());
    charts.histogram(
        "Estimated speech-to-music ratio (clamped to -20…40 dB)",
        "dB",
        stm.stream().mapToDouble(Double::doubleValue).toArray());
    page.endGrid();
  }

  private void truth(List<TruthCheck.VideoScore> scores) {
    page.section("truth", "Quality against ground truth");
    if (scores.isEmpty()) {
      page.note(
          "No video of this build is a video of the ground-truth corpus ("
              + truth
              + "), matched by SHA-256.");
      return;
    }
    TruthCheck.Summary s = TruthCheck.summarize(scores);
    page.note(
        "The "
            + s.videos()
            + " videos of this build that are videos of the sample corpus (matched by SHA-256),"
            + " scored on what the pipeline wrote: subtitles.srt against the true cues, vocals.wav"
            + " and music.wav against the true stems, faces.json against the true boxes and"
            + " identities.");
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
    page.rows(List.of("measure", "value", "what it means"), measures);
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
    page.rows(
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

  private static String pct(double v) {
    return Numbers.fixed(100 * v, 1) + "%";
  }

  private static String db(double v) {
    return Numbers.fixed(v, 1) + " dB";
  }

  private void labels() throws IOException {
    page.section("labels", "Labels and agreement");
    ShardManifest.Labels l = data.manifest().labels();
    DefaultCategoryDataset alpha = new DefaultCategoryDataset();
    if (l != null) {
      l.alphaPerModality()
          .forEach(
              (k, v) -> {
                if (v != null) {
                  alpha.addValue(v, "Krippendorff's alpha", k);
                }
              });
    }
    DefaultCategoryDataset dist = new DefaultCategoryDataset();
    long[] counts = new long[Plutchik.NUM_EMOTIONS];
    for (EncodedSample r : data.rows()) {
      ModalityLabels m = r.getLabels().get("overall");
      if (m == null) {
        continue;
      }
      float[] soft = Tensors.floats(m.getIntensity());
      int best = -1;
      double top = 0;
      for (int e = 0; e < Plutchik.NUM_EMOTIONS; e++) {
        // the expected intensity: 1 low, 2 basic, 3 high
        double x = 0;
        for (int k = Plutchik.LOW; k <= Plutchik.HIGH; k++) {
          x += k * soft[e * Plutchik.NUM_INTENSITIES + k];
        }
        if (x > top) {
          top = x;
          best = e;
        }
      }
      if (best >= 0) {
        counts[best]++;
      }
    }
    for (int e = 0; e < Plutchik.NUM_EMOTIONS; e++) {
      dist.addValue(counts[e], "videos", Plutchik.EMOTION_NAMES.get(e));
    }
    page.grid();
    charts.bars("Primary emotion (overall labels)", "videos", dist, false, 540, 320);
    charts.bars("Agreement per modality", "alpha", alpha, false, 540, 320);
    page.endGrid();
    if (l != null) {
      page.paragraph(
          l.labelledSamples()
              + " labelled videos from "
              + l.annotators()
              + " annotators; "
              + l.lowAgreementVideos()
              + " with agreement under "
              + l.agreementFloor()
              + " (listed below).");
    }
  }

  /** The faces' expression as a visual emotion prior, and the model as a rater of the labels. */
  private void visualPrior() throws IOException {
    page.section("prior", "Visual emotion prior (facial expression) and the model as a rater");
    page.paragraph(
        "The facial expression model (face-api's, converted from TF.js; no accuracy is published"
            + " for it) classifies every face sample; a video's prior is the mean over its faces,"
            + " spread over Plutchik's primaries (neutral counts for none, trust and anticipation"
            + " have no class). It is a model's opinion to check labels against, never a label.");
    double[] sum = new double[Plutchik.NUM_EMOTIONS];
    int withFaces = 0;
    List<ModelRater.Video> rated = new ArrayList<>();
    for (EncodedSample r : data.rows()) {
      if (!r.getVisualPriorMask()) {
        continue;
      }
      withFaces++;
      float[] prior = Tensors.floats(r.getVisualPrior());
      for (int e = 0; e < sum.length; e++) {
        sum[e] += prior[e];
      }
      ModalityLabels visual = r.getLabels().get("visual");
      if (visual != null) {
        rated.add(
            new ModelRater.Video(
                r.getId().toString(),
                prior,
                visual.getAnnotators(),
                Tensors.floats(visual.getIntensity())));
      }
    }
    if (withFaces == 0) {
      page.paragraph("No face was classified in any video.");
      return;
    }
    DefaultCategoryDataset mean = new DefaultCategoryDataset();
    for (int e = 0; e < sum.length; e++) {
      mean.addValue(sum[e] / withFaces, "mean prior", Plutchik.EMOTION_NAMES.get(e));
    }
    charts.bars(
        "Visual emotion prior, mean over " + withFaces + " videos with faces",
        "share of face samples",
        mean,
        false,
        540,
        320);
    List<List<String>> perVideo = new ArrayList<>();
    for (EncodedSample r : data.rows()) {
      if (r.getVisualPriorMask()) {
        float[] prior = Tensors.floats(r.getVisualPrior());
        int top = 0;
        double shown = 0;
        for (int e = 0; e < prior.length; e++) {
          top = prior[e] > prior[top] ? e : top;
          shown += prior[e];
        }
        perVideo.add(
            List.of(
                r.getId().toString(),
                Plutchik.EMOTION_NAMES.get(top),
                Numbers.fixed(prior[top], 2),
                Numbers.fixed(1 - shown, 2)));
      }
    }
    perVideo.sort(Comparator.comparing((List<String> row) -> row.get(0)));
    page.paragraph("Per video (every row's full prior is its visualPrior tensor in the shards):");
    page.rows(List.of("video", "strongest primary", "its prior", "neutral share"), perVideo);
    ModelRater.Result result = ModelRater.rate(rated);
    if (result.videos() == 0) {
      page.paragraph("No video with faces has visual labels: nothing to compare the model with.");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (ModelRater.EmotionAgreement a : result.perEmotion()) {
      rows.add(
          List.of(
              a.emotion().name().toLowerCase(java.util.Locale.ROOT),
              alpha(a.humans()),
              alpha(a.withModel()),
              alpha(a.modelVsMajority())));
    }
    page.paragraph(
        "Krippendorff's alpha of the visual labels' presence judgements (nominal) over "
            + result.videos()
            + " labelled videos with faces: the annotators alone, with the model as one more"
            + " coder (it sees an emotion when its prior is above chance, 1/7), and the model"
            + " against the annotators' majority.");
    page.rows(List.of("emotion", "annotators", "annotators + model", "model vs majority"), rows);
    if (result.disagreements().isEmpty()) {
      page.paragraph("No video where the model and the annotators disagree strongly.");
    } else {
      List<List<String>> flagged = new ArrayList<>();
      for (ModelRater.Disagreement d :
          result.disagreements().subList(0, Math.min(15, result.disagreements().size()))) {
        flagged.add(
            List.of(
                d.video(),
                d.emotion().name().toLowerCase(java.util.Locale.ROOT),
                Numbers.fixed(d.prior(), 2),
                Numbers.fixed(d.annotatorsPresent(), 2),
                d.what()));
      }
      page.paragraph(
          result.disagreements().size()
              + " strong disagreements between the model and the annotators: look at these"
              + " first.");
      page.rows(List.of("video", "emotion", "prior", "annotators marking it", "what"), flagged);
    }
  }

  private static String alpha(Double a) {
    return a == null ? "n/a" : Numbers.fixed(a, 2);
  }

  private void duplicates() {
    page.section("duplicates", "Near-duplicates");
    Map<String, Object> t = new LinkedHashMap<>();
    for (VideoMetadata v : data.metadata()) {
      if (v.getNearDuplicateOf() != null) {
        t.put(
            v.getId() + " · " + ReportHtml.abbreviate(String.valueOf(v.getTitle()), 60),
            v.getNearDuplicateOf());
      }
    }
    if (t.isEmpty()) {
      page.paragraph("None flagged.");
    } else {
      page.table(List.of("video · title", "near-duplicate of"), t);
    }
  }

  /** Videos ranked by how many warning signs they show. */
  private void worst() {
    page.section("worst", "Inspect first");
    Map<String, EncodedSample> rows = new HashMap<>();
    data.rows().forEach(r -> rows.put(r.getId().toString(), r));
    Map<String, List<String>> signs = new TreeMap<>();
    for (VideoArtifacts v : data.videos()) {
      signs.put(v.getId().toString(), warnings(v, rows.get(v.getId().toString())));
    }
    List<Map.Entry<String, List<String>>> ranked = new ArrayList<>(signs.entrySet());
    ranked.removeIf(e -> e.getValue().isEmpty());
    ranked.sort(
        Comparator.comparingInt((Map.Entry<String, List<String>> e) -> -e.getValue().size())
            .thenComparing(Map.Entry::getKey));
    List<List<String>> t = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : ranked.subList(0, Math.min(15, ranked.size()))) {
      t.add(List.of(e.getKey(), String.join("; ", e.getValue())));
    }
    if (t.isEmpty()) {
      page.paragraph("No video shows a warning sign.");
    } else {
      page.rows(List.of("video", "warning signs"), t);
    }
    page.link(
        VideoPages.DIR + "/" + VideoPages.INDEX,
        "Every video on its own page: keyframes with faces, subtitles on a timeline, spectrograms,"
            + " masks, labels, statuses ("
            + pageBytes / 1024
            + " KB per video)");
  }

  /**
   * A video's warning signs: analyses not ok, low OCR confidence, speech under the music, clipped
   * audio, dropped face tracks, low label agreement ({@code row} null: not encoded).
   */
  static List<String> warnings(VideoArtifacts v, EncodedSample row) {
    List<String> s = new ArrayList<>();
    v.getModalities()
        .forEach(
            (name, r) -> {
              if (!Status.ok(r)) {
                s.add(name + " " + Status.key(r));
              }
            });
    Double conf = stat(v, Analysis.SUBTITLES, "meanConfidence");
    Double cues = stat(v, Analysis.SUBTITLES, "cues");
    if (cues != null && cues > 0 && conf != null && conf < 0.8) {
      s.add("OCR confidence " + Numbers.fixed(conf, 2));
    }
    Double stm = stat(v, Analysis.SEPARATION, "estimatedSpeechToMusicDb");
    if (stm != null && stm < 0) {
      s.add("speech under the music (" + Numbers.fixed(stm, 1) + " dB)");
    }
    Double clipped = stat(v, Analysis.AUDIO, "clippedShare");
    if (clipped != null && clipped > 0.01) {
      s.add("clipped audio " + Numbers.fixed(100 * clipped, 1) + "%");
    }
    Double dropped = stat(v, Analysis.FACES, "droppedTracks");
    if (dropped != null && dropped > 0) {
      s.add(dropped.longValue() + " face tracks dropped");
    }
    if (row != null && row.getLowAgreement()) {
      s.add("low label agreement");
    }
    return s;
  }
}
