package io.chfen.app.report;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLORMAP_MAGMA;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.applyColorMap;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.chfen.app.print.Numbers;
import io.chfen.artifacts.FaceTrack;
import io.chfen.artifacts.FacesFile;
import io.chfen.artifacts.Person;
import io.chfen.artifacts.SubtitleCue;
import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.files.Location;
import io.chfen.formats.Srt;
import io.chfen.formats.WavReader;
import io.chfen.layout.ArtifactFiles;
import io.chfen.process.KeyframeSampler;
import io.chfen.records.Annotation;
import io.chfen.records.EncodedSample;
import io.chfen.records.Failure;
import io.chfen.records.Modality;
import io.chfen.records.ModalityLabels;
import io.chfen.records.ModalityResult;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Analysis;
import io.chfen.schemas.Plutchik;
import io.chfen.schemas.ShardManifest;
import io.chfen.schemas.Status;
import io.chfen.schemas.Tensors;
import io.chfen.separation.Spectrogram;
import io.chfen.separation.SpeechSegments;
import io.chfen.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The review pages: {@code report/videos/index.html}, every processed video with its quality
 * figures, sortable and filterable, and {@code report/videos/<id>.html} per video — what a person
 * deciding whether the video is fit to label wants to see: its keyframes with the face boxes and
 * person ids, each person's best crops, the subtitle cues and other on-screen text on a timeline
 * with the speech, spectrograms of the mixture, vocals and music with the speech marked, the shard
 * row's modality masks per step, the label consensus and alpha per modality, and every status and
 * failure reason. Pages are self-contained (images inline, small JPEGs: {@link #KEYFRAMES} frames
 * within {@link #THUMB} px, crops {@link #CROP} px, spectrograms {@link #SPEC_W}×{@link #SPEC_H}).
 */
final class VideoPages {
  /** The pages' folder under the report. */
  static final String DIR = "videos";

  static final String INDEX = "index.html";

  static final int KEYFRAMES = 8;
  static final int THUMB = 160;
  static final int CROP = 64;
  static final int SPEC_W = 640;
  static final int SPEC_H = 72;
  private static final int JPEG_QUALITY = 60;
  private static final int CROPS = 3;
  private static final int PERSONS = 8;

  private final ReportData data;
  private final Map<String, VideoMetadata> meta = new HashMap<>();
  private final Map<String, EncodedSample> rows = new HashMap<>();
  private final Map<String, List<Failure>> failures = new HashMap<>();

  /** video → annotator → modality → intensity per emotion, from the annotations encode read. */
  private final Map<String, Map<String, Map<Modality, int[]>>> judged = new HashMap<>();

  /** Why the annotators' own judgements are not shown, or null. */
  private String noJudgements;

  VideoPages(ReportData data) {
    this.data = data;
    ShardManifest.Labels labels = data.manifest() == null ? null : data.manifest().labels();
    if (labels != null && labels.annotations() != null) {
      EncodeSpec spec = new EncodeSpec();
      spec.annotations = labels.annotations();
      try {
        for (Annotation a : spec.annotationRows().rows()) {
          judged
                  .computeIfAbsent(a.getVideoId(), k -> new TreeMap<>())
                  .computeIfAbsent(a.getAnnotatorId(), k -> new EnumMap<>(Modality.class))
                  .computeIfAbsent(a.getModality(), k -> new int[Plutchik.NUM_EMOTIONS])[
                  a.getEmotion().ordinal()] =
              a.getIntensity();
        }
      } catch (IOException e) {
        noJudgements =
            "The annotations the shards were encoded with ("
                + labels.annotations()
                + ") cannot be read here: "
                + e.getMessage();
      }
    }
    data.metadata().forEach(m -> meta.put(m.getId(), m));
    data.rows().forEach(r -> rows.put(r.getId(), r));
    data.failures()
        .forEach(f -> failures.computeIfAbsent(f.getId(), k -> new ArrayList<>()).add(f));
  }

  /** Writes the index and a page per processed video; returns the bytes written per video. */
  long write(Location reportDir) throws IOException {
    Location dir = reportDir.child(DIR);
    List<List<String>> index = new ArrayList<>();
    long bytes = 0;
    List<VideoArtifacts> videos = new ArrayList<>(data.videos());
    videos.sort(java.util.Comparator.comparing(VideoArtifacts::getId));
    for (VideoArtifacts v : videos) {
      Page p = page(v);
      byte[] html = p.html.getBytes(StandardCharsets.UTF_8);
      Storage.write(dir.child(file(v.getId())), html);
      bytes += html.length;
      index.add(p.indexRow);
    }
    Storage.write(dir.child(INDEX), index(index).getBytes(StandardCharsets.UTF_8));
    return videos.isEmpty() ? 0 : bytes / videos.size();
  }

  /** A video's page file name. */
  static String file(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_") + ".html";
  }

  private record Page(String html, List<String> indexRow) {}

  private Page page(VideoArtifacts v) throws IOException {
    String id = v.getId();
    VideoMetadata m = meta.get(id);
    Location art = data.run().root().resolve(v.getArtifactsDir());
    StringBuilder h = new StringBuilder(head("Video " + id));
    h.append("<p><a href=\"").append(INDEX).append("\">← all videos</a></p>\n");
    h.append("<h1>").append(ReportHtml.esc(id)).append("</h1>\n");
    String title = m == null || m.getTitle() == null ? "" : m.getTitle();
    h.append("<p class=title>").append(ReportHtml.esc(title)).append("</p>\n");
    h.append("<p class=note>")
        .append(ReportHtml.esc(m == null || m.getLanguage() == null ? "?" : m.getLanguage()))
        .append(" · ")
        .append(ReportHtml.esc(m == null ? "?" : m.getSource()))
        .append(" · ")
        .append(Numbers.fixed(v.getDurationS(), 1))
        .append(" s · ")
        .append(v.getWidth())
        .append('×')
        .append(v.getHeight())
        .append(" · ")
        .append(Numbers.fixed(v.getFps(), 1))
        .append(" fps</p>\n");

    // statuses and failure reasons
    h.append("<h2 id=status>Status</h2>\n<table><tr><th>analysis</th><th>status</th>")
        .append("<th>reason</th><th>message</th></tr>\n");
    for (Map.Entry<String, ModalityResult> e : v.getModalities().entrySet()) {
      ModalityResult r = e.getValue();
      h.append("<tr><td>")
          .append(ReportHtml.esc(e.getKey()))
          .append("</td><td class=")
          .append(Status.ok(r) ? "ok" : "bad")
          .append('>')
          .append(ReportHtml.esc(r.getStatus()))
          .append("</td><td>")
          .append(ReportHtml.esc(r.getReason() == null ? "" : r.getReason()))
          .append("</td><td>")
          .append(ReportHtml.esc(r.getMessage() == null ? "" : r.getMessage()))
          .append("</td></tr>\n");
    }
    for (Failure f : failures.getOrDefault(id, List.of())) {
      h.append("<tr><td>")
          .append(ReportHtml.esc(f.getStage()))
          .append("</td><td class=bad>failed</td><td>")
          .append(ReportHtml.esc(f.getReason()))
          .append("</td><td>")
          .append(ReportHtml.esc(f.getMessage() == null ? "" : f.getMessage()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");

    // keyframes with the faces, and each person's best crops
    FacesFile faces = null;
    if (has(v, Analysis.FACES, ArtifactFiles.FACES)) {
      try (Storage.Local f = Storage.local(art.resolve(ArtifactFiles.FACES))) {
        faces = FacesFile.read(f.path());
      }
    }
    if (has(v, Analysis.KEYFRAMES, ArtifactFiles.KEYFRAMES)) {
      List<KeyframeSampler.Keyframe> kf;
      try (Storage.Local f = Storage.local(art.resolve(ArtifactFiles.KEYFRAMES))) {
        kf = KeyframeSampler.read(f.path());
      }
      h.append("<h2 id=keyframes>Keyframes</h2>\n<div class=strip>");
      int n = Math.min(KEYFRAMES, kf.size());
      for (int i = 0; i < n; i++) {
        KeyframeSampler.Keyframe k = kf.get(n == 1 ? 0 : i * (kf.size() - 1) / (n - 1));
        h.append("<figure><img alt=\"keyframe at ")
            .append(Numbers.fixed(k.t(), 1))
            .append(" s\" src=\"data:image/jpeg;base64,")
            .append(keyframe(art.resolve(k.file()), k.t(), faces))
            .append("\"><figcaption>")
            .append(Numbers.fixed(k.t(), 1))
            .append(" s")
            .append(k.sceneCut() ? " · cut" : "")
            .append("</figcaption></figure>");
      }
      h.append("</div>\n");
    }
    int persons = 0;
    double faceSize = 0;
    int tracks = 0;
    if (faces != null) {
      persons = faces.persons().size();
      h.append("<h2 id=persons>Persons (").append(persons).append(")</h2>\n<div class=strip>");
      for (Person p : faces.persons().subList(0, Math.min(PERSONS, persons))) {
        h.append("<figure>");
        for (String crop : p.crops().subList(0, Math.min(CROPS, p.crops().size()))) {
          h.append("<img class=crop alt=\"")
              .append(ReportHtml.esc(p.id()))
              .append("\" src=\"data:image/jpeg;base64,")
              .append(thumbnail(art.resolve(crop), CROP))
              .append("\">");
        }
        h.append("<figcaption>")
            .append(ReportHtml.esc(p.id()))
            .append(" · ")
            .append(Numbers.fixed(p.seconds(), 1))
            .append(" s on screen</figcaption></figure>");
      }
      h.append("</div>\n");
      for (FaceTrack t : faces.tracks()) {
        faceSize += t.quality().meanSize();
        tracks++;
      }
    }

    // the timeline: subtitle cues, other on-screen text, speech
    List<SubtitleCue> cues = List.of();
    if (has(v, Analysis.SUBTITLES, ArtifactFiles.SUBTITLES)) {
      cues = Srt.parse(Storage.readString(art.resolve(ArtifactFiles.SUBTITLES)));
    }
    List<double[]> onscreen = new ArrayList<>();
    List<String> onscreenText = new ArrayList<>();
    if (has(v, Analysis.SUBTITLES, ArtifactFiles.ONSCREEN_TEXT)) {
      var lines =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(Storage.readString(art.resolve(ArtifactFiles.ONSCREEN_TEXT)))
              .path("lines");
      for (var l : lines) {
        if (!"subtitle".equals(l.path("kind").asText())) {
          onscreen.add(new double[] {l.path("startMs").asDouble(), l.path("endMs").asDouble()});
          onscreenText.add(l.path("kind").asText() + ": " + l.path("text").asText());
        }
      }
    }
    List<SpeechSegments.Segment> speech = List.of();
    if (has(v, Analysis.SEPARATION, ArtifactFiles.SPEECH_SEGMENTS)) {
      try (Storage.Local f = Storage.local(art.resolve(ArtifactFiles.SPEECH_SEGMENTS))) {
        speech = SpeechSegments.read(f.path());
      }
    }
    h.append("<h2 id=timeline>Timeline</h2>\n");
    h.append(timeline(v.getDurationS(), cues, onscreen, onscreenText, speech));

    // spectrograms with the speech marked
    List<String[]> tracksAudio = new ArrayList<>();
    if (has(v, Analysis.AUDIO, ArtifactFiles.AUDIO)) {
      tracksAudio.add(new String[] {"mixture", ArtifactFiles.AUDIO});
    }
    if (has(v, Analysis.SEPARATION, ArtifactFiles.VOCALS)) {
      tracksAudio.add(new String[] {"vocals", ArtifactFiles.VOCALS});
    }
    if (has(v, Analysis.SEPARATION, ArtifactFiles.MUSIC)) {
      tracksAudio.add(new String[] {"music", ArtifactFiles.MUSIC});
    }
    if (!tracksAudio.isEmpty()) {
      h.append("<h2 id=audio>Sound</h2>\n<p class=note>0–8 kHz; the bar above marks speech.</p>\n");
      for (String[] t : tracksAudio) {
        h.append("<figure><img class=spec alt=\"")
            .append(t[0])
            .append(" spectrogram\" src=\"data:image/jpeg;base64,")
            .append(spectrogram(art.resolve(t[1]), speech, v.getDurationS()))
            .append("\"><figcaption>")
            .append(t[0])
            .append("</figcaption></figure>\n");
      }
    }

    // the shard row: masks per step, labels
    EncodedSample row = rows.get(id);
    Double agreement = null;
    if (row != null) {
      h.append("<h2 id=masks>Modalities per step (")
          .append(Numbers.fixed(row.getStepSeconds(), 1))
          .append(" s)</h2>\n")
          .append(masks(row));
      if (!row.getLabels().isEmpty()) {
        h.append("<h2 id=labels>Labels</h2>\n")
            .append(
                "<p class=note>The annotators' consensus (per emotion, the share at each"
                    + " intensity 0–3) and alpha per modality; below it, what each annotator"
                    + " marked (- : did not judge the modality).</p>\n<table><tr><th>modality</th><th>annotators</th>"
                    + "<th>alpha</th>");
        Plutchik.EMOTION_NAMES.forEach(e -> h.append("<th>").append(e).append("</th>"));
        h.append("</tr>\n");
        double sum = 0;
        int n = 0;
        for (Map.Entry<String, ModalityLabels> e : row.getLabels().entrySet()) {
          ModalityLabels l = e.getValue();
          h.append("<tr><td>")
              .append(ReportHtml.esc(e.getKey()))
              .append("</td><td class=n>")
              .append(l.getAnnotators())
              .append("</td><td class=n>")
              .append(l.getAlpha() == null ? "-" : Numbers.fixed(l.getAlpha(), 2))
              .append("</td>");
          float[] soft = Tensors.floats(l.getIntensity());
          for (int em = 0; em < Plutchik.NUM_EMOTIONS; em++) {
            h.append("<td>");
            for (int lv = 0; lv < Plutchik.NUM_INTENSITIES; lv++) {
              h.append(Math.round(100 * soft[em * Plutchik.NUM_INTENSITIES + lv]))
                  .append(lv + 1 < Plutchik.NUM_INTENSITIES ? "/" : "");
            }
            h.append("</td>");
          }
          h.append("</tr>\n");
          if (l.getAlpha() != null) {
            sum += l.getAlpha();
            n++;
          }
        }
        h.append("</table>\n");
        agreement = n == 0 ? null : sum / n;
        h.append(judgements(id));
      }
    }
    h.append("</main></body></html>\n");

    String status = overall(v);
    Double ocr = QualityReport.stat(v, Analysis.SUBTITLES, "meanConfidence");
    Double stm = QualityReport.stat(v, Analysis.SEPARATION, "estimatedSpeechToMusicDb");
    List<String> indexRow =
        List.of(
            id,
            title,
            status,
            Numbers.fixed(v.getDurationS(), 1),
            ocr == null || cues.isEmpty() ? "" : Numbers.fixed(ocr, 2),
            stm == null ? "" : Numbers.fixed(stm, 1),
            Integer.toString(persons),
            tracks == 0 ? "" : Numbers.fixed(faceSize / tracks, 0),
            agreement == null ? "" : Numbers.fixed(agreement, 2),
            String.join("; ", QualityReport.warnings(v, row)));
    return new Page(h.toString(), indexRow);
  }

  /** Each annotator's judgements per modality: the emotions they marked, with intensity. */
  private String judgements(String id) {
    if (noJudgements != null) {
      return "<p class=note>" + ReportHtml.esc(noJudgements) + "</p>\n";
    }
    Map<String, Map<Modality, int[]>> byAnnotator = judged.get(id);
    if (byAnnotator == null) {
      return "";
    }
    StringBuilder h = new StringBuilder("<table><tr><th>annotator</th>");
    for (Modality m : Modality.values()) {
      h.append("<th>").append(m.name().toLowerCase(Locale.ROOT)).append("</th>");
    }
    h.append("</tr>\n");
    for (Map.Entry<String, Map<Modality, int[]>> a : byAnnotator.entrySet()) {
      h.append("<tr><td>").append(ReportHtml.esc(a.getKey())).append("</td>");
      for (Modality m : Modality.values()) {
        int[] x = a.getValue().get(m);
        List<String> marked = new ArrayList<>();
        for (int em = 0; x != null && em < x.length; em++) {
          if (x[em] > 0) {
            marked.add(Plutchik.EMOTION_NAMES.get(em) + " " + x[em]);
          }
        }
        h.append("<td>")
            .append(x == null ? "-" : marked.isEmpty() ? "none" : String.join(", ", marked))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    return h.append("</table>\n").toString();
  }

  private static boolean has(VideoArtifacts v, String analysis, String file) {
    ModalityResult r = v.getModalities().get(analysis);
    return r != null && r.getFiles() != null && r.getFiles().contains(file);
  }

  /** ok, partial (some analyses not ok: named), or failed. */
  private static String overall(VideoArtifacts v) {
    List<String> not = new ArrayList<>();
    boolean failed = false;
    for (Map.Entry<String, ModalityResult> e : v.getModalities().entrySet()) {
      if (!Status.ok(e.getValue())) {
        not.add(e.getKey());
        failed |= Status.FAILED.equals(e.getValue().getStatus());
      }
    }
    return not.isEmpty() ? "ok" : (failed ? "failed: " : "partial: ") + String.join(" ", not);
  }

  /** A keyframe, faces boxed with their person's id, downscaled, as base64 JPEG. */
  private static String keyframe(Location jpg, double t, FacesFile faces) throws IOException {
    try (Mat small = scaled(jpg, THUMB)) {
      if (faces != null && faces.width() > 0) {
        // faces.json's boxes are in the frame's pixels; the keyframe has the frame's size
        double fs = (double) small.cols() / faces.width();
        for (Person p : faces.persons()) {
          for (FaceTrack tr : p.tracks()) {
            double[] b = tr.boxAt(t, 0.25);
            if (b == null) {
              continue;
            }
            Point a = new Point((int) (b[0] * fs), (int) (b[1] * fs));
            Point z = new Point((int) ((b[0] + b[2]) * fs), (int) ((b[1] + b[3]) * fs));
            rectangle(small, a, z, new Scalar(60, 220, 60, 0), 2, 8, 0);
            putText(
                small,
                p.id(),
                new Point(a.x(), Math.max(10, a.y() - 3)),
                FONT_HERSHEY_SIMPLEX,
                0.4,
                new Scalar(60, 220, 60, 0),
                1,
                8,
                false);
          }
        }
      }
      return jpeg(small);
    }
  }

  /** An image scaled to {@code side} px on its longer side, as base64 JPEG. */
  private static String thumbnail(Location jpg, int side) throws IOException {
    try (Mat small = scaled(jpg, side)) {
      return jpeg(small);
    }
  }

  /** An image file decoded and scaled to {@code side} px on its longer side. */
  private static Mat scaled(Location jpg, int side) throws IOException {
    try (Mat raw = new Mat(new BytePointer(Storage.readBytes(jpg)));
        Mat img = imdecode(raw, IMREAD_COLOR)) {
      if (img.empty()) {
        throw new IOException(jpg + " is not an image");
      }
      double scale = (double) side / Math.max(img.cols(), img.rows());
      Mat small = new Mat();
      resize(
          img,
          small,
          new Size(
              Math.max(1, (int) Math.round(img.cols() * scale)),
              Math.max(1, (int) Math.round(img.rows() * scale))),
          0,
          0,
          INTER_AREA);
      return small;
    }
  }

  /** A spectrogram (0–8 kHz) of a WAV with the speech as a bar along the top, base64 JPEG. */
  private static String spectrogram(
      Location wav, List<SpeechSegments.Segment> speech, double durationS) throws IOException {
    WavReader.Audio a;
    try (Storage.Local f = Storage.local(wav)) {
      a = WavReader.read(f.path());
    }
    float[] mono = WavReader.mono(a.interleaved(), a.channels());
    int size = 512;
    float[][] db = Spectrogram.db(mono, size);
    int bins = Math.min(db.length == 0 ? 0 : db[0].length, (int) (8000.0 * size / a.sampleRate()));
    int frames = Math.max(1, db.length);
    float max = -120;
    for (float[] f : db) {
      for (int k = 0; k < bins; k++) {
        max = Math.max(max, f[k]);
      }
    }
    try (Mat gray = new Mat(bins, frames, org.bytedeco.opencv.global.opencv_core.CV_8UC1);
        Mat sized = new Mat();
        Mat color = new Mat()) {
      byte[] px = new byte[bins * frames];
      for (int t = 0; t < db.length; t++) {
        for (int k = 0; k < bins; k++) {
          // 80 dB of range under the loudest bin; low frequencies at the bottom
          double v = (db[t][k] - (max - 80)) / 80;
          px[(bins - 1 - k) * frames + t] = (byte) Math.round(255 * Math.max(0, Math.min(1, v)));
        }
      }
      gray.data().put(px);
      resize(gray, sized, new Size(SPEC_W, SPEC_H), 0, 0, INTER_AREA);
      applyColorMap(sized, color, COLORMAP_MAGMA);
      for (SpeechSegments.Segment s : speech) {
        int x0 = (int) (SPEC_W * s.startMs() / 1000.0 / durationS);
        int x1 = (int) (SPEC_W * s.endMs() / 1000.0 / durationS);
        rectangle(
            color,
            new Point(x0, 0),
            new Point(Math.max(x0 + 1, x1), 5),
            new Scalar(90, 230, 255, 0),
            -1,
            8,
            0);
      }
      return jpeg(color);
    }
  }

  private static String jpeg(Mat m) {
    try (BytePointer buf = new BytePointer();
        IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, JPEG_QUALITY)) {
      if (!imencode(".jpg", m, buf, params)) {
        throw new IllegalStateException("JPEG encoding failed");
      }
      byte[] out = new byte[(int) buf.limit()];
      buf.get(out);
      return Base64.getEncoder().encodeToString(out);
    }
  }

  /** The timeline as SVG: subtitle cues, other on-screen text, speech; a tick every second. */
  private static String timeline(
      double durationS,
      List<SubtitleCue> cues,
      List<double[]> onscreen,
      List<String> onscreenText,
      List<SpeechSegments.Segment> speech) {
    int w = SPEC_W;
    double d = Math.max(durationS, 0.001);
    StringBuilder s = new StringBuilder();
    s.append("<svg class=timeline width=\"")
        .append(w + 90)
        .append("\" height=\"104\" role=\"img\" aria-label=\"timeline\">");
    String[] rows = {"subtitles", "other text", "speech"};
    for (int r = 0; r < rows.length; r++) {
      s.append("<text x=\"0\" y=\"")
          .append(22 + r * 26)
          .append("\" class=\"lab\">")
          .append(rows[r])
          .append("</text><rect x=\"90\" y=\"")
          .append(8 + r * 26)
          .append("\" width=\"")
          .append(w)
          .append("\" height=\"20\" class=\"lane\"/>");
    }
    for (SubtitleCue c : cues) {
      bar(
          s,
          90 + w * c.startMs() / 1000.0 / d,
          90 + w * c.endMs() / 1000.0 / d,
          8,
          "cue",
          c.text());
    }
    for (int i = 0; i < onscreen.size(); i++) {
      double[] o = onscreen.get(i);
      bar(
          s,
          90 + w * o[0] / 1000.0 / d,
          90 + w * o[1] / 1000.0 / d,
          34,
          "other",
          onscreenText.get(i));
    }
    for (SpeechSegments.Segment g : speech) {
      bar(
          s,
          90 + w * g.startMs() / 1000.0 / d,
          90 + w * g.endMs() / 1000.0 / d,
          60,
          "speech",
          "speech " + g.startMs() / 1000.0 + "–" + g.endMs() / 1000.0 + " s");
    }
    for (int t = 0; t <= (int) d; t++) {
      double x = 90 + w * t / d;
      s.append("<line x1=\"")
          .append(Numbers.fixed(x, 1))
          .append("\" x2=\"")
          .append(Numbers.fixed(x, 1))
          .append("\" y1=\"84\" y2=\"")
          .append(t % 5 == 0 ? 92 : 88)
          .append("\" class=\"tick\"/>");
      if (t % 5 == 0) {
        s.append("<text x=\"")
            .append(Numbers.fixed(x - 4, 1))
            .append("\" y=\"103\" class=\"lab\">")
            .append(t)
            .append("</text>");
      }
    }
    s.append("</svg>\n");
    if (!cues.isEmpty()) {
      s.append("<ol class=cues>");
      for (SubtitleCue c : cues) {
        s.append("<li><span class=note>")
            .append(Numbers.fixed(c.startMs() / 1000.0, 2))
            .append("–")
            .append(Numbers.fixed(c.endMs() / 1000.0, 2))
            .append(" s</span> ")
            .append(ReportHtml.esc(c.text()).replace("\n", " / "))
            .append("</li>");
      }
      s.append("</ol>\n");
    }
    return s.toString();
  }

  private static void bar(StringBuilder s, double x0, double x1, int y, String cls, String title) {
    s.append("<rect x=\"")
        .append(Numbers.fixed(x0, 1))
        .append("\" y=\"")
        .append(y)
        .append("\" width=\"")
        .append(Numbers.fixed(Math.max(1, x1 - x0), 1))
        .append("\" height=\"20\" class=\"")
        .append(cls)
        .append("\"><title>")
        .append(ReportHtml.esc(title))
        .append("</title></rect>");
  }

  /** One row of cells per mask of the shard row: present steps dark. */
  private static String masks(EncodedSample row) {
    StringBuilder s = new StringBuilder("<table class=masks>");
    for (Map.Entry<String, Function<EncodedSample, io.chfen.records.Tensor>> e :
        QualityReport.MASKS.entrySet()) {
      boolean[] present = Tensors.booleans(e.getValue().apply(row));
      int on = 0;
      s.append("<tr><td>").append(e.getKey()).append("</td><td class=steps>");
      for (boolean p : present) {
        s.append("<i class=").append(p ? "on" : "off").append("></i>");
        on += p ? 1 : 0;
      }
      s.append("</td><td class=n>")
          .append(on)
          .append("/")
          .append(present.length)
          .append("</td></tr>");
    }
    return s.append("</table>\n").toString();
  }

  private static final List<String> COLUMNS =
      List.of(
          "video",
          "title",
          "status",
          "duration s",
          "OCR confidence",
          "speech-to-music dB",
          "persons",
          "face size px",
          "label alpha",
          "warning signs");

  /** The index: a row per video; sortable by any column, filtered by text and status. */
  private static String index(List<List<String>> rows) {
    StringBuilder h = new StringBuilder(head("Videos"));
    h.append("<p><a href=\"../").append(QualityReport.PAGE).append("\">← the report</a></p>\n");
    h.append("<h1>Videos (").append(rows.size()).append(")</h1>\n");
    h.append(
        "<p><input id=q placeholder=\"filter: id, title, warning…\"> <select id=st><option"
            + " value=\"\">any status</option><option>ok</option><option>partial</option>"
            + "<option>failed</option></select> <span id=shown class=note></span></p>\n");
    h.append("<table id=videos><thead><tr>");
    for (int i = 0; i < COLUMNS.size(); i++) {
      h.append("<th data-col=").append(i).append('>').append(COLUMNS.get(i)).append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    for (List<String> r : rows) {
      h.append("<tr data-status=\"")
          .append(r.get(2).split(":")[0])
          .append("\"><td><a href=\"")
          .append(file(r.get(0)))
          .append("\">")
          .append(ReportHtml.esc(r.get(0)))
          .append("</a></td>");
      for (int i = 1; i < r.size(); i++) {
        boolean number = i >= 3 && i <= 8;
        h.append(number ? "<td class=n>" : "<td>").append(ReportHtml.esc(r.get(i))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n");
    h.append(
        """
        <script>
        (function () {
          var table = document.getElementById('videos');
          var body = table.tBodies[0];
          var q = document.getElementById('q'), st = document.getElementById('st');
          function filter() {
            var text = q.value.toLowerCase(), want = st.value, shown = 0;
            Array.prototype.forEach.call(body.rows, function (r) {
              var ok = (!want || r.dataset.status === want)
                  && r.textContent.toLowerCase().indexOf(text) >= 0;
              r.style.display = ok ? '' : 'none';
              shown += ok ? 1 : 0;
            });
            document.getElementById('shown').textContent = shown + ' shown';
          }
          var dir = {};
          Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
            th.addEventListener('click', function () {
              var c = +th.dataset.col, d = dir[c] = -(dir[c] || -1);
              var rows = Array.prototype.slice.call(body.rows);
              rows.sort(function (a, b) {
                var x = a.cells[c].textContent, y = b.cells[c].textContent;
                var nx = parseFloat(x), ny = parseFloat(y);
                if (!isNaN(nx) || !isNaN(ny)) {
                  return d * ((isNaN(nx) ? -Infinity : nx) - (isNaN(ny) ? -Infinity : ny));
                }
                return d * x.localeCompare(y);
              });
              rows.forEach(function (r) { body.appendChild(r); });
            });
          });
          q.addEventListener('input', filter);
          st.addEventListener('change', filter);
          filter();
        })();
        </script>
        </main></body></html>
        """);
    return h.toString();
  }

  private static String head(String title) {
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <title>%s</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d232a}
        main{max-width:1100px;margin:0 auto;padding:24px}
        h1{margin:0 0 4px} h2{margin-top:28px;border-bottom:2px solid #d9dee5;padding-bottom:4px}
        table{border-collapse:collapse;background:#fff;margin:8px 0}
        th,td{border:1px solid #d9dee5;padding:3px 8px;text-align:left;vertical-align:top}
        th{background:#eef1f5;cursor:pointer} td.n{text-align:right;font-variant-numeric:tabular-nums}
        .note{color:#5b6573} .bad{color:#a1260d;font-weight:600} .ok{color:#1d6b2c}
        .title{font-size:1.15em;margin:2px 0}
        .strip{display:flex;flex-wrap:wrap;gap:8px} figure{margin:0} figcaption{font-size:.8em;color:#5b6573}
        img{border:1px solid #d9dee5;background:#fff} img.crop{margin-right:2px}
        img.spec{width:640px;height:72px}
        svg.timeline .lane{fill:#fff;stroke:#d9dee5} svg.timeline .lab{font-size:11px;fill:#5b6573}
        svg.timeline .cue{fill:#3b6fd8} svg.timeline .other{fill:#d8903b}
        svg.timeline .speech{fill:#2f9e57} svg.timeline .tick{stroke:#8a94a3}
        table.masks td.steps{white-space:nowrap;line-height:0}
        table.masks i{display:inline-block;width:6px;height:14px;margin-right:1px}
        i.on{background:#3b6fd8} i.off{background:#e3e7ed}
        ol.cues{font-size:.9em}
        input,select{font-size:1em;padding:3px}
        </style></head><body><main>
        """
        .formatted(ReportHtml.esc(title));
  }
}
