package io.chfen.dataset.labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chfen.dataset.tables.Tables;
import io.chfen.files.Location;
import io.chfen.layout.ArtifactFiles;
import io.chfen.layout.RunLayout;
import io.chfen.records.Annotation;
import io.chfen.records.Emotion;
import io.chfen.records.Failure;
import io.chfen.records.Modality;
import io.chfen.records.ModalityResult;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Analysis;
import io.chfen.schemas.Plutchik;
import io.chfen.schemas.Schemas;
import io.chfen.storage.Storage;
import io.chfen.storage.StoredRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The annotation round trip with Label Studio: a labeling configuration generated from Plutchik's
 * wheel (per modality — overall, visual, acoustic, text — the 8 primaries, each a single choice of
 * intensity 0–3, controls named {@code <modality>_<emotion>} on the video), tasks that reference
 * each video, its subtitles and optionally its separated vocals and music; and the way back: Label
 * Studio's exports read into the annotations {@code chfen encode --annotations} takes.
 *
 * <p>The shapes are Label Studio's documented ones (its guide's "Export annotations" page: the JSON
 * format of annotated tasks, JSON_MIN and CSV; the Video, Audio, Text and Choices tags' pages) and
 * those its converter writes ({@code label-studio-converter}: JSON_MIN and CSV carry one record per
 * annotation, a single choice as its value, the annotator as {@code completed_by}'s e-mail or user
 * id). Every annotation is one annotator's judgement of one task; an annotator who judged some
 * emotions of a modality judged that modality, the rest absent (as {@link Annotations}). A
 * malformed or partial annotation is rejected whole, with its task and cause; a skipped (cancelled)
 * one and one superseded by the same annotator's later annotation of the task are counted, not
 * read.
 */
public final class LabelStudio {
  /** The object tag the controls label, and the task field holding the video's URL. */
  public static final String VIDEO = "video";

  /** The task field holding chfen's video id: how an export is matched back to the videos. */
  public static final String VIDEO_ID = "video_id";

  public static final String TITLE = "title";
  public static final String SUBTITLES = "subtitles";
  public static final String VOCALS = "vocals";
  public static final String MUSIC = "music";
  public static final String LANGUAGE = "language";
  public static final String SOURCE = "source";

  /** The annotator's field in JSON_MIN and CSV exports. */
  static final String ANNOTATOR = "annotator";

  /** The files {@link #writeProject} writes. */
  public static final String CONFIG_FILE = "label-config.xml";

  public static final String TASKS_FILE = "tasks.json";
  public static final String TASKS_CSV = "tasks.csv";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One video to label: chfen's id, the URLs Label Studio opens, and what is shown beside. */
  public record Task(
      String videoId,
      String video,
      String title,
      String language,
      String source,
      String subtitles,
      String vocals,
      String music) {}

  /**
   * What an export gave: the annotation rows, the annotations rejected ("task 12, annotation 1001:
   * cause"), and those not read on purpose (cancelled, superseded).
   */
  public record Import(List<Annotation> rows, List<String> rejected, List<String> skipped) {}

  /**
   * The tasks of a run's processed videos, and the kept videos without one, each with why ("id
   * (stage: reason)" from the run's failures).
   */
  public record Tasks(List<Task> tasks, List<String> notProcessed) {}

  /** Label Studio's URL for a file under its local-files document root. */
  public static final String LOCAL_FILES = "/data/local-files/?d=";

  private LabelStudio() {}

  /**
   * One task per processed video of {@code run}: its media, subtitles (the SRT text itself) and
   * separated tracks as Label Studio opens them. Local files are {@code urlPrefix} followed by
   * their path under {@code documentRoot} (Label Studio's {@code LOCAL_FILES_DOCUMENT_ROOT}); a run
   * in a bucket keeps its {@code s3://} URLs, which Label Studio signs for a connected storage.
   *
   * @throws IOException when a file lies outside {@code documentRoot}
   */
  public static Tasks tasks(Location run, String urlPrefix, Location documentRoot)
      throws IOException {
    RunLayout layout = RunLayout.at(run);
    Map<String, VideoMetadata> meta = new LinkedHashMap<>();
    for (VideoMetadata m :
        StoredRecords.<VideoMetadata>readAll(layout.metadata(), Schemas.VIDEO_METADATA)) {
      meta.put(m.getId(), m);
    }
    List<Task> tasks = new ArrayList<>();
    List<VideoArtifacts> processed =
        new ArrayList<>(StoredRecords.readAll(layout.processed(), Schemas.VIDEO_ARTIFACTS));
    processed.sort(java.util.Comparator.comparing(VideoArtifacts::getId));
    for (VideoArtifacts v : processed) {
      VideoMetadata m = meta.get(v.getId());
      Location dir = run.resolve(v.getArtifactsDir());
      String subtitles = "";
      if (produced(v, Analysis.SUBTITLES, ArtifactFiles.SUBTITLES)) {
        subtitles = Storage.readString(dir.resolve(ArtifactFiles.SUBTITLES));
      }
      boolean separated =
          produced(v, Analysis.SEPARATION, ArtifactFiles.VOCALS)
              && produced(v, Analysis.SEPARATION, ArtifactFiles.MUSIC);
      tasks.add(
          new Task(
              v.getId(),
              url(run.resolve(v.getMediaPath()), urlPrefix, documentRoot),
              m == null || m.getTitle() == null ? "" : m.getTitle(),
              m == null || m.getLanguage() == null ? "" : m.getLanguage(),
              m == null ? "" : m.getSource(),
              subtitles,
              separated ? url(dir.resolve(ArtifactFiles.VOCALS), urlPrefix, documentRoot) : "",
              separated ? url(dir.resolve(ArtifactFiles.MUSIC), urlPrefix, documentRoot) : ""));
    }
    Map<String, String> why = new LinkedHashMap<>();
    for (Failure f : StoredRecords.<Failure>readAll(layout.failures(), Schemas.FAILURE)) {
      why.put(f.getId(), f.getStage() + ": " + f.getReason());
    }
    List<String> notProcessed = new ArrayList<>();
    for (String id : meta.keySet()) {
      if (processed.stream().noneMatch(v -> v.getId().equals(id))) {
        notProcessed.add(id + " (" + why.getOrDefault(id, "not processed yet") + ")");
      }
    }
    return new Tasks(tasks, notProcessed);
  }

  private static boolean produced(VideoArtifacts v, String analysis, String file) {
    ModalityResult r = v.getModalities().get(analysis);
    return r != null && r.getFiles().contains(file);
  }

  private static String url(Location file, String prefix, Location root) throws IOException {
    if (!file.isLocal()) {
      return file.toString();
    }
    Path rel;
    try {
      rel = root.path().relativize(file.path());
    } catch (IllegalArgumentException e) {
      rel = null;
    }
    if (rel == null || rel.startsWith("..")) {
      throw new IOException(
          file + " lies outside the document root " + root + " (--document-root)");
    }
    StringBuilder u = new StringBuilder(prefix);
    for (int i = 0; i < rel.getNameCount(); i++) {
      if (i > 0) {
        u.append('/');
      }
      u.append(
          java.net.URLEncoder.encode(rel.getName(i).toString(), StandardCharsets.UTF_8)
              .replace("+", "%20"));
    }
    return u.toString();
  }

  /** The control of one modality's emotion: {@code overall_joy}. */
  public static String control(Modality m, Emotion e) {
    return m.name().toLowerCase(Locale.ROOT) + "_" + e.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The labeling configuration: the video with its title, the subtitles' text, the separated tracks
   * when {@code separation}, then per modality the 8 primaries in wheel order, each a single choice
   * of intensity 0 (absent) to 3 (high).
   */
  public static String config(boolean separation) {
    StringBuilder x = new StringBuilder();
    x.append("<View>\n");
    x.append("  <Header value=\"$").append(TITLE).append("\"/>\n");
    x.append("  <Video name=\"").append(VIDEO).append("\" value=\"$").append(VIDEO);
    x.append("\"/>\n");
    x.append("  <Header value=\"Subtitles\" size=\"5\"/>\n");
    x.append("  <Text name=\"").append(SUBTITLES).append("\" value=\"$").append(SUBTITLES);
    x.append("\"/>\n");
    if (separation) {
      for (String track : List.of(VOCALS, MUSIC)) {
        x.append("  <Header value=\"").append(track).append(" (separated)\" size=\"5\"/>\n");
        x.append("  <Audio name=\"").append(track).append("\" value=\"$").append(track);
        x.append("\"/>\n");
      }
    }
    for (Modality m : Modality.values()) {
      String name = m.name().toLowerCase(Locale.ROOT);
      x.append("  <Header value=\"").append(name);
      x.append(": intensity of each emotion (0 absent, 1 low, 2 basic, 3 high)\"/>\n");
      for (Emotion e : Plutchik.EMOTIONS) {
        x.append("  <View style=\"display: flex; align-items: center; gap: 1em\">\n");
        x.append("    <Header value=\"").append(e.name().toLowerCase(Locale.ROOT));
        x.append("\" size=\"6\"/>\n");
        x.append("    <Choices name=\"").append(control(m, e)).append("\" toName=\"");
        x.append(VIDEO).append("\" choice=\"single-radio\" showInline=\"true\">\n");
        for (int i = Plutchik.ABSENT; i < Plutchik.NUM_INTENSITIES; i++) {
          x.append("      <Choice value=\"").append(i).append("\"/>\n");
        }
        x.append("    </Choices>\n");
        x.append("  </View>\n");
      }
    }
    x.append("</View>\n");
    return x.toString();
  }

  /**
   * Writes a Label Studio project into {@code dir}: {@value #CONFIG_FILE} (paste it as the
   * project's labeling interface), {@value #TASKS_FILE} (import it as the project's data) and
   * {@value #TASKS_CSV} (the same tasks for other tools).
   */
  public static void writeProject(Path dir, List<Task> tasks, boolean separation)
      throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(CONFIG_FILE), config(separation), StandardCharsets.UTF_8);
    ArrayNode all = JSON.createArrayNode();
    StringBuilder csv = new StringBuilder();
    List<String> columns =
        new ArrayList<>(List.of(VIDEO_ID, VIDEO, TITLE, LANGUAGE, SOURCE, SUBTITLES));
    if (separation) {
      columns.addAll(List.of(VOCALS, MUSIC));
    }
    csv.append(String.join(",", columns)).append('\n');
    for (Task t : tasks) {
      Map<String, String> data = new LinkedHashMap<>();
      data.put(VIDEO_ID, t.videoId());
      data.put(VIDEO, t.video());
      data.put(TITLE, t.title());
      data.put(LANGUAGE, t.language());
      data.put(SOURCE, t.source());
      data.put(SUBTITLES, t.subtitles());
      if (separation) {
        data.put(VOCALS, t.vocals());
        data.put(MUSIC, t.music());
      }
      ObjectNode task = all.addObject();
      ObjectNode d = task.putObject("data");
      data.forEach((k, v) -> d.put(k, v == null ? "" : v));
      List<String> cells = new ArrayList<>();
      for (String c : columns) {
        cells.add(Tables.csvCell(data.get(c)));
      }
      csv.append(String.join(",", cells)).append('\n');
    }
    JSON.writeValue(dir.resolve(TASKS_FILE).toFile(), all);
    Files.writeString(dir.resolve(TASKS_CSV), csv, StandardCharsets.UTF_8);
  }

  private static String csvCell(String v) {
    if (v == null) {
      return "";
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  /**
   * Reads a Label Studio export: the JSON export (a list of tasks with their annotations), JSON_MIN
   * (a list of one record per annotation), or its CSV / TSV (one row per annotation).
   */
  public static Import read(Path export) throws IOException {
    Reading r = new Reading();
    String name = export.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".json")) {
      JsonNode root = new ObjectMapper().readTree(export.toFile());
      if (root == null || !(root.isArray() || root.isObject())) {
        throw new IOException(export + " is not a Label Studio export: no list of tasks");
      }
      Iterable<JsonNode> items = root.isArray() ? root : List.of(root);
      int n = 0;
      for (JsonNode item : items) {
        n++;
        if (item.has("annotations")) {
          r.task(item, n);
        } else {
          r.record(recordOf(item), "record " + n);
        }
      }
    } else {
      List<Tables.Rejected> bad = new ArrayList<>();
      Tables.read(export, (line, cells) -> r.record(cells, "line " + line), bad);
      bad.forEach(b -> r.rejected.add(b.toString()));
    }
    return new Import(r.rows(), r.rejected, r.skipped);
  }

  private static Map<String, String> recordOf(JsonNode o) {
    Map<String, String> cells = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      cells.put(e.getKey(), v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
    }
    return cells;
  }

  /** The state of one import: the latest annotation per task and annotator wins. */
  private static final class Reading {
    final List<String> rejected = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    // video + annotator → where it came from and its rows
    final Map<String, Map.Entry<String, List<Annotation>>> latest = new LinkedHashMap<>();

    List<Annotation> rows() {
      List<Annotation> out = new ArrayList<>();
      latest.values().forEach(e -> out.addAll(e.getValue()));
      return out;
    }

    /** A task of the JSON export: each of its annotations as a record of control → choice. */
    void task(JsonNode task, int n) {
      String taskId = task.hasNonNull("id") ? task.get("id").asText() : "#" + n;
      JsonNode data = task.path("data");
      String video = data.path(VIDEO_ID).asText("");
      int a = 0;
      for (JsonNode ann : task.path("annotations")) {
        a++;
        String where =
            "task "
                + taskId
                + ", annotation "
                + (ann.hasNonNull("id") ? ann.get("id").asText() : "#" + a);
        if (ann.path("was_cancelled").asBoolean(false)) {
          skipped.add(where + ": skipped by its annotator (was_cancelled)");
          continue;
        }
        try {
          Map<String, String> cells = new LinkedHashMap<>();
          cells.put(VIDEO_ID, video);
          cells.put(ANNOTATOR, annotator(ann.get("completed_by")));
          for (JsonNode res : ann.path("result")) {
            String from = res.path("from_name").asText("");
            if (!"choices".equals(res.path("type").asText()) || controlOf(from) == null) {
              throw new IllegalArgumentException(
                  "result '" + from + "' (" + res.path("type").asText() + ") is no chfen control");
            }
            JsonNode choices = res.path("value").path("choices");
            if (!choices.isArray() || choices.size() != 1) {
              throw new IllegalArgumentException(
                  from
                      + " holds "
                      + (choices.isArray() ? choices.size() : 0)
                      + " choices, not one");
            }
            cells.put(from, choices.get(0).asText());
          }
          add(where, cells);
        } catch (IllegalArgumentException e) {
          rejected.add(where + ": " + e.getMessage());
        }
      }
    }

    /** One annotation as a flat record (JSON_MIN, CSV). */
    void record(Map<String, String> cells, String where) {
      String task = cells.get("id");
      String at = (task == null || task.isBlank() ? "" : "task " + task + ", ") + where;
      try {
        add(at, cells);
      } catch (IllegalArgumentException e) {
        rejected.add(at + ": " + e.getMessage());
      }
    }

    private void add(String where, Map<String, String> cells) {
      String video = cells.get(VIDEO_ID);
      if (video == null || video.isBlank()) {
        throw new IllegalArgumentException(
            "no " + VIDEO_ID + " in the task's data: not a task chfen annotate export wrote");
      }
      String annotator = cells.get(ANNOTATOR);
      if (annotator == null || annotator.isBlank()) {
        throw new IllegalArgumentException("no annotator (completed_by)");
      }
      List<Annotation> rows = new ArrayList<>();
      for (Map.Entry<String, String> c : cells.entrySet()) {
        Object[] me = controlOf(c.getKey());
        if (me == null) {
          if (looksLikeControl(c.getKey())) {
            throw new IllegalArgumentException("unknown control '" + c.getKey() + "'");
          }
          continue;
        }
        String v = c.getValue();
        if (v == null || v.isBlank()) {
          continue; // not judged: a choices control left alone exports nothing
        }
        int intensity;
        try {
          intensity = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(c.getKey() + " '" + v + "' is not an intensity 0-3");
        }
        if (intensity < Plutchik.ABSENT || intensity >= Plutchik.NUM_INTENSITIES) {
          throw new IllegalArgumentException(c.getKey() + " " + intensity + " is outside 0-3");
        }
        rows.add(
            Annotation.newBuilder()
                .setVideoId(video.trim())
                .setAnnotatorId(annotator.trim())
                .setModality((Modality) me[0])
                .setEmotion((Emotion) me[1])
                .setIntensity(intensity)
                .build());
      }
      if (rows.isEmpty()) {
        throw new IllegalArgumentException("no emotion judged");
      }
      var before = latest.remove(video.trim() + "\u0000" + annotator.trim());
      if (before != null) {
        skipped.add(before.getKey() + ": superseded by " + where + " (same annotator and video)");
      }
      latest.put(video.trim() + "\u0000" + annotator.trim(), Map.entry(where, rows));
    }
  }

  /** Label Studio's {@code completed_by}: a user id, or the user (its e-mail, else its id). */
  static String annotator(JsonNode by) {
    if (by == null || by.isNull()) {
      return null;
    }
    if (by.isObject()) {
      JsonNode email = by.get("email");
      if (email != null && !email.asText("").isBlank()) {
        return email.asText();
      }
      return by.hasNonNull("id") ? by.get("id").asText() : null;
    }
    return by.asText();
  }

  /** The modality and emotion of a control name, or null. */
  private static Object[] controlOf(String name) {
    for (Modality m : Modality.values()) {
      for (Emotion e : Plutchik.EMOTIONS) {
        if (control(m, e).equals(name)) {
          return new Object[] {m, e};
        }
      }
    }
    return null;
  }

  /** A name of the form {@code <modality>_…}: a control of a configuration other than ours. */
  private static boolean looksLikeControl(String name) {
    for (Modality m : Modality.values()) {
      if (name.startsWith(m.name().toLowerCase(Locale.ROOT) + "_")) {
        return true;
      }
    }
    return false;
  }
}
