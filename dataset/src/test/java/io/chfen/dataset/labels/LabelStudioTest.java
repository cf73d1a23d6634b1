package io.chfen.dataset.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chfen.records.Annotation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The round trip through Label Studio's documented shapes: the project chfen writes, annotated as
 * Label Studio records annotations (the controls, target and choice values taken from the generated
 * configuration, not from chfen's code), exported as JSON, JSON_MIN and CSV, reads back into the
 * same annotations as the CSV route (the bundled sample annotations: 3 annotators, 13 videos).
 */
class LabelStudioTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  /** control name → the Choices element's target and choice values, from the configuration. */
  private final Map<String, String[]> controls = new TreeMap<>();

  private String videoTag;
  private List<Annotation> sample;

  @BeforeEach
  void parseConfigAndSample() throws Exception {
    Document d =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(
                new ByteArrayInputStream(
                    LabelStudio.config(true).getBytes(StandardCharsets.UTF_8)));
    NodeList videos = d.getElementsByTagName("Video");
    assertEquals(1, videos.getLength());
    videoTag = ((Element) videos.item(0)).getAttribute("name");
    assertEquals("$" + LabelStudio.VIDEO, ((Element) videos.item(0)).getAttribute("value"));
    assertEquals(2, d.getElementsByTagName("Audio").getLength());
    NodeList choices = d.getElementsByTagName("Choices");
    for (int i = 0; i < choices.getLength(); i++) {
      Element c = (Element) choices.item(i);
      NodeList options = c.getElementsByTagName("Choice");
      List<String> values = new ArrayList<>();
      for (int k = 0; k < options.getLength(); k++) {
        values.add(((Element) options.item(k)).getAttribute("value"));
      }
      assertEquals(List.of("0", "1", "2", "3"), values, c.getAttribute("name"));
      assertEquals("single-radio", c.getAttribute("choice"));
      controls.put(c.getAttribute("name"), new String[] {c.getAttribute("toName")});
    }
    assertEquals(4 * 8, controls.size(), "a control per modality and emotion");
    sample = Annotations.sample().rows();
    assertEquals(213, sample.size());
  }

  /** The annotator as Label Studio knows them: a user with an e-mail. */
  private static String email(String annotator) {
    return annotator + "@studio.example";
  }

  private static List<String> keys(List<Annotation> rows, boolean asEmail) {
    List<String> out = new ArrayList<>();
    for (Annotation a : rows) {
      out.add(
          a.getVideoId()
              + " "
              + (asEmail ? email(a.getAnnotatorId()) : a.getAnnotatorId())
              + " "
              + a.getModality()
              + " "
              + a.getEmotion()
              + " "
              + a.getIntensity());
    }
    out.sort(null);
    return out;
  }

  /** The project's tasks as written, annotated as Label Studio's JSON export shows them. */
  private ArrayNode annotatedExport() throws Exception {
    for (Annotation a : sample) {
      String name = LabelStudio.control(a.getModality(), a.getEmotion());
      assertTrue(controls.containsKey(name), "the configuration has no control " + name);
    }
    List<String> videos = sample.stream().map(Annotation::getVideoId).distinct().sorted().toList();
    List<LabelStudio.Task> tasks = new ArrayList<>();
    for (String v : videos) {
      tasks.add(
          new LabelStudio.Task(
              v,
              "/data/local-files/?d=media/" + v + ".mp4",
              "title of " + v,
              "en",
              "sample",
              "1\n00:00:01,000 --> 00:00:02,500\nHello, \"world\"\n",
              "/data/local-files/?d=artifacts/" + v + "/vocals.wav",
              "/data/local-files/?d=artifacts/" + v + "/music.wav"));
    }
    Path project = tmp.resolve("project");
    LabelStudio.writeProject(project, tasks, true);
    ArrayNode written = (ArrayNode) JSON.readTree(project.resolve(LabelStudio.TASKS_FILE).toFile());
    assertEquals(videos.size(), written.size());
    int[] user = {0};
    return StudioExports.annotated(
        written,
        sample,
        annotator -> {
          ObjectNode by = JSON.createObjectNode();
          by.put("id", ++user[0]);
          by.put("email", email(annotator));
          return by;
        },
        videoTag);
  }

  @Test
  void theConfigurationNamesEveryControlOnTheVideo() {
    for (String[] target : controls.values()) {
      assertEquals(videoTag, target[0]);
    }
  }

  @Test
  void aJsonExportReadsBackAsTheCsvRoute() throws Exception {
    Path export = tmp.resolve("project-7-at-2026-12-06.json");
    JSON.writeValue(export.toFile(), annotatedExport());
    LabelStudio.Import in = LabelStudio.read(export);
    assertEquals(List.of(), in.rejected());
    assertEquals(List.of(), in.skipped());
    assertEquals(keys(sample, true), keys(in.rows(), false));
    // written as the CSV route reads it
    Path csv = tmp.resolve("labels.csv");
    Annotations.write(csv, in.rows());
    Annotations.Import again = Annotations.read(csv);
    assertEquals(List.of(), again.rejected());
    assertEquals(keys(in.rows(), false), keys(again.rows(), false));
  }

  /** JSON_MIN and CSV as Label Studio's converter writes them: a record per annotation. */
  @Test
  void jsonMinAndCsvExportsReadBackAsTheCsvRoute() throws Exception {
    ArrayNode records = JSON.createArrayNode();
    for (JsonNode task : annotatedExport()) {
      for (JsonNode ann : task.path("annotations")) {
        ObjectNode rec = records.addObject();
        task.path("data").fields().forEachRemaining(e -> rec.set(e.getKey(), e.getValue()));
        rec.put("id", task.get("id").asInt());
        for (JsonNode r : ann.path("result")) {
          rec.put(r.get("from_name").asText(), r.path("value").path("choices").get(0).asText());
        }
        rec.put("annotator", ann.path("completed_by").path("email").asText());
        rec.put("annotation_id", ann.get("id").asInt());
        rec.put("created_at", ann.get("created_at").asText());
        rec.put("updated_at", ann.get("created_at").asText());
        rec.put("lead_time", ann.get("lead_time").asDouble());
      }
    }
    Path min = tmp.resolve("project-7-min.json");
    JSON.writeValue(min.toFile(), records);
    LabelStudio.Import fromMin = LabelStudio.read(min);
    assertEquals(List.of(), fromMin.rejected());
    assertEquals(keys(sample, true), keys(fromMin.rows(), false));

    // the converter's CSV: every key of every record a column, sorted; strings quoted
    TreeSet<String> columns = new TreeSet<>();
    records.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
    StringBuilder csv =
        new StringBuilder(String.join(",", columns.stream().map(c -> "\"" + c + "\"").toList()));
    csv.append('\n');
    for (JsonNode r : records) {
      List<String> cells = new ArrayList<>();
      for (String c : columns) {
        JsonNode v = r.get(c);
        cells.add(
            v == null
                ? "\"\""
                : v.isNumber() ? v.asText() : "\"" + v.asText().replace("\"", "\"\"") + "\"");
      }
      csv.append(String.join(",", cells)).append('\n');
    }
    Path csvFile = tmp.resolve("project-7.csv");
    Files.writeString(csvFile, csv);
    LabelStudio.Import fromCsv = LabelStudio.read(csvFile);
    assertEquals(List.of(), fromCsv.rejected());
    assertEquals(keys(sample, true), keys(fromCsv.rows(), false));
  }

  @Test
  void malformedAndPartialAnnotationsAreRejectedWithTaskAndCauseTheRestKept() throws Exception {
    String export =
        """
        [
          {"id": 1, "data": {"video_id": "v1"}, "annotations": [
            {"id": 11, "completed_by": 10, "was_cancelled": false, "result": [
              {"from_name": "overall_joy", "to_name": "video", "type": "choices",
               "value": {"choices": ["2"]}}]},
            {"id": 12, "completed_by": 11, "result": [
              {"from_name": "overall_joyy", "to_name": "video", "type": "choices",
               "value": {"choices": ["2"]}}]},
            {"id": 13, "completed_by": 12, "result": [
              {"from_name": "visual_fear", "to_name": "video", "type": "choices",
               "value": {"choices": ["4"]}}]},
            {"id": 14, "result": [
              {"from_name": "text_anger", "to_name": "video", "type": "choices",
               "value": {"choices": ["1"]}}]},
            {"id": 15, "completed_by": 13, "result": []},
            {"id": 16, "completed_by": 14, "was_cancelled": true, "result": []},
            {"id": 17, "completed_by": {"id": 15}, "result": [
              {"from_name": "acoustic_sadness", "to_name": "video", "type": "choices",
               "value": {"choices": ["1", "3"]}}]}
          ]},
          {"id": 2, "data": {"video": "x.mp4"}, "annotations": [
            {"id": 21, "completed_by": 10, "result": [
              {"from_name": "overall_joy", "to_name": "video", "type": "choices",
               "value": {"choices": ["1"]}}]}]},
          {"id": 3, "data": {"video_id": "v3"}, "annotations": [
            {"id": 31, "completed_by": 10, "result": [
              {"from_name": "overall_trust", "to_name": "video", "type": "choices",
               "value": {"choices": ["1"]}}]},
            {"id": 32, "completed_by": 10, "result": [
              {"from_name": "overall_trust", "to_name": "video", "type": "choices",
               "value": {"choices": ["3"]}}]}]}
        ]
        """;
    Path f = tmp.resolve("export.json");
    Files.writeString(f, export);
    LabelStudio.Import in = LabelStudio.read(f);
    assertEquals(List.of("v1 10 OVERALL JOY 2", "v3 10 OVERALL TRUST 3"), keys(in.rows(), false));
    Map<String, String> why = new LinkedHashMap<>();
    for (String r : in.rejected()) {
      why.put(r.substring(0, r.indexOf(':')), r.substring(r.indexOf(':') + 2));
    }
    assertEquals(
        List.of(
            "task 1, annotation 12",
            "task 1, annotation 13",
            "task 1, annotation 14",
            "task 1, annotation 15",
            "task 1, annotation 17",
            "task 2, annotation 21"),
        List.copyOf(why.keySet()),
        in.rejected().toString());
    assertTrue(why.get("task 1, annotation 12").contains("overall_joyy"));
    assertTrue(why.get("task 1, annotation 13").contains("outside 0-3"));
    assertTrue(why.get("task 1, annotation 14").contains("no annotator"));
    assertTrue(why.get("task 1, annotation 15").contains("no emotion judged"));
    assertTrue(why.get("task 1, annotation 17").contains("2 choices"));
    assertTrue(why.get("task 2, annotation 21").contains("video_id"));
    assertEquals(2, in.skipped().size(), in.skipped().toString());
    assertTrue(in.skipped().get(0).startsWith("task 1, annotation 16: skipped"));
    assertTrue(
        in.skipped()
            .get(1)
            .startsWith("task 3, annotation 31: superseded by task 3, annotation 32"));
  }
}
