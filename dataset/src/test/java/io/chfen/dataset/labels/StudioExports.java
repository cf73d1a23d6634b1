package io.chfen.dataset.labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chfen.records.Annotation;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Label Studio's JSON export as its guide documents it ("Label Studio JSON format of annotated
 * tasks"), made from tasks chfen exported and annotation rows: what a project's export looks like
 * once annotators have labelled it. Shared with the end-to-end test.
 */
public final class StudioExports {
  private StudioExports() {}

  /**
   * {@code tasks} (as {@code tasks.json} holds them, changed in place) with an id each and one
   * annotation per annotator of the task's video in {@code rows}: every judged control a {@code
   * choices} result on {@code toName}, the annotator as {@code completedBy} gives it.
   */
  public static ArrayNode annotated(
      ArrayNode tasks,
      List<Annotation> rows,
      Function<String, JsonNode> completedBy,
      String toName) {
    Map<String, Map<String, Map<String, String>>> judged = new TreeMap<>();
    for (Annotation a : rows) {
      judged
          .computeIfAbsent(a.getVideoId(), k -> new TreeMap<>())
          .computeIfAbsent(a.getAnnotatorId(), k -> new TreeMap<>())
          .put(
              LabelStudio.control(a.getModality(), a.getEmotion()),
              Integer.toString(a.getIntensity()));
    }
    int annotationId = 1000;
    int taskId = 0;
    for (JsonNode t : tasks) {
      ObjectNode task = (ObjectNode) t;
      task.put("id", ++taskId);
      task.put("project", 7);
      String video = task.path("data").path(LabelStudio.VIDEO_ID).asText();
      ArrayNode anns = task.putArray("annotations");
      for (Map.Entry<String, Map<String, String>> by :
          judged.getOrDefault(video, Map.of()).entrySet()) {
        ObjectNode ann = anns.addObject();
        ann.put("id", ++annotationId);
        ann.set("completed_by", completedBy.apply(by.getKey()));
        ArrayNode result = ann.putArray("result");
        for (Map.Entry<String, String> c : by.getValue().entrySet()) {
          ObjectNode r = result.addObject();
          r.put("id", "r" + annotationId + c.getKey());
          r.put("from_name", c.getKey());
          r.put("to_name", toName);
          r.put("type", "choices");
          r.put("origin", "manual");
          r.putObject("value").putArray("choices").add(c.getValue());
        }
        ann.put("was_cancelled", false);
        ann.put("ground_truth", false);
        ann.put("created_at", "2026-12-06T10:00:00.000000Z");
        ann.put("lead_time", 12.5);
        ann.put("task", taskId);
      }
      task.putArray("predictions");
    }
    return tasks;
  }
}
