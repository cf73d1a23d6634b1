package io.chfen.app.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.pipelines.ItemSteps;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The progress of the newest job on a Flink cluster, from its REST API. Beam's counters reach Flink
 * only when a worker has finished its whole share of a batch job, so the line reads the record
 * counts of the steps that take one item each ({@link ItemSteps}): per slot (a subtask, on its
 * TaskManager), the items taken and the records emitted, one per item made, reused or failed; the
 * difference is in flight. Which of them failed is known when the job ends (the stage's summary).
 * Before any such step has started, the job's tasks and records read.
 */
public final class FlinkJobProgress {
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  // jobs the cluster ran before this one are not ours
  private final long since = System.currentTimeMillis() - 1000;
  // vertex id → the item steps found among its operators' metrics (once found, kept)
  private final Map<String, List<Found>> found = new LinkedHashMap<>();

  /** A step's record counts on one vertex: metric id → (slot, in or out). */
  private record Found(ItemSteps.Step step, Map<String, int[]> metrics) {}

  public FlinkJobProgress(String master) {
    this.base = master.startsWith("http") ? master : "http://" + master;
  }

  public String line() {
    try {
      JsonNode newest = null;
      for (JsonNode j : get("/jobs/overview").path("jobs")) {
        long start = j.path("start-time").asLong();
        if (start >= since && (newest == null || start > newest.path("start-time").asLong())) {
          newest = j;
        }
      }
      if (newest == null) {
        return "Flink " + base + ": waiting for the job";
      }
      String jid = newest.get("jid").asText();
      JsonNode job = get("/jobs/" + jid);
      String head =
          String.format(
              Locale.ROOT,
              "Flink job %s %s on %s",
              newest.path("name").asText(),
              job.path("state").asText(),
              base);
      // the REST API's metrics lag the job by seconds: a job that ended is told by its tasks
      boolean running = job.path("state").asText().equals("RUNNING");
      String items = running ? items(jid, job) : null;
      return head + " | " + (items != null ? items : tasks(job));
    } catch (Exception e) {
      return "Flink " + base + ": no answer (" + e.getClass().getSimpleName() + ")";
    }
  }

  /** Operators and tasks finished, records read: all there is before an item step starts. */
  private static String tasks(JsonNode job) {
    int vertices = 0;
    int verticesDone = 0;
    long tasks = 0;
    long tasksDone = 0;
    long records = 0;
    for (JsonNode v : job.path("vertices")) {
      vertices++;
      verticesDone += v.path("status").asText().equals("FINISHED") ? 1 : 0;
      tasks += v.path("parallelism").asLong();
      tasksDone += v.path("tasks").path("FINISHED").asLong();
      records += v.path("metrics").path("read-records").asLong();
    }
    return String.format(
        Locale.ROOT,
        "operators %d/%d finished | tasks %d/%d | records read %d",
        verticesDone,
        vertices,
        tasksDone,
        tasks,
        records);
  }

  /**
   * "videos 16 done, 2 in flight | taskmanager-0 slot 0: 6 done, 1 in flight; …" for each item step
   * with records, or null when none has any yet.
   */
  private String items(String jid, JsonNode job) throws Exception {
    for (JsonNode v : job.path("vertices")) {
      String vid = v.path("id").asText();
      if (!found.containsKey(vid) || found.get(vid).isEmpty()) {
        found.put(vid, scan(jid, vid));
      }
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, List<Found>> e : found.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      String vid = e.getKey();
      Map<Integer, String> slots = slots(jid, vid);
      for (Found f : e.getValue()) {
        Map<String, Long> values = values(jid, vid, f.metrics().keySet());
        Map<Integer, long[]> perSlot = new TreeMap<>();
        values.forEach(
            (id, n) -> {
              int[] key = f.metrics().get(id);
              perSlot.computeIfAbsent(key[0], k -> new long[2])[key[1]] += n;
            });
        long taken = perSlot.values().stream().mapToLong(x -> x[0]).sum();
        if (taken == 0) {
          continue;
        }
        long done = perSlot.values().stream().mapToLong(x -> x[1]).sum();
        StringBuilder s = new StringBuilder();
        s.append(
            String.format(
                Locale.ROOT,
                "%s %d done, %d in flight (%s)",
                f.step().items(),
                done,
                taken - done,
                f.step().path()));
        List<String> each = new ArrayList<>();
        perSlot.forEach(
            (slot, x) ->
                each.add(
                    String.format(
                        Locale.ROOT,
                        "%s slot %d: %d done, %d in flight",
                        slots.getOrDefault(slot, "?"),
                        slot,
                        x[1],
                        x[0] - x[1])));
        parts.add(s + " | " + String.join("; ", each));
      }
    }
    return parts.isEmpty()
        ? null
        : String.join(" | ", parts) + " | failures are counted when the job ends";
  }

  /** The item steps among a vertex's operators: their records-in and -out metric ids. */
  private List<Found> scan(String jid, String vid) throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonNode m : get("/jobs/" + jid + "/vertices/" + vid + "/metrics")) {
      ids.add(m.path("id").asText());
    }
    List<Found> out = new ArrayList<>();
    for (ItemSteps.Step step : ItemSteps.ALL) {
      Pattern p =
          Pattern.compile(
              "(\\d+)\\." + Pattern.quote(operatorMetricName(step)) + "\\.numRecords(In|Out)");
      Map<String, int[]> metrics = new LinkedHashMap<>();
      for (String id : ids) {
        Matcher m = p.matcher(id);
        if (m.matches()) {
          metrics.put(
              id, new int[] {Integer.parseInt(m.group(1)), m.group(2).equals("In") ? 0 : 1});
        }
      }
      if (!metrics.isEmpty()) {
        out.add(new Found(step, metrics));
      }
    }
    return out;
  }

  /**
   * How Flink names a Beam step's operator in its metrics: Beam's Flink runner calls the step's
   * operator "FlatMap (FlatMap at PATH)"; Flink's metric names have no spaces or dots and at most
   * 80 characters.
   */
  static String operatorMetricName(ItemSteps.Step step) {
    String name = ("FlatMap (FlatMap at " + step.path() + ")").replaceAll("[ .]", "_");
    return name.length() > 80 ? name.substring(0, 80) : name;
  }

  /** Subtask index → its TaskManager. */
  private Map<Integer, String> slots(String jid, String vid) throws Exception {
    Map<Integer, String> out = new TreeMap<>();
    for (JsonNode s : get("/jobs/" + jid + "/vertices/" + vid).path("subtasks")) {
      out.put(s.path("subtask").asInt(), s.path("taskmanager-id").asText("?"));
    }
    return out;
  }

  private Map<String, Long> values(String jid, String vid, java.util.Collection<String> ids)
      throws Exception {
    String get = URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8);
    Map<String, Long> out = new LinkedHashMap<>();
    for (JsonNode m : get("/jobs/" + jid + "/vertices/" + vid + "/metrics?get=" + get)) {
      out.put(m.path("id").asText(), (long) Double.parseDouble(m.path("value").asText("0")));
    }
    return out;
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(3)).build(),
            HttpResponse.BodyHandlers.ofString());
    return json.readTree(r.body());
  }
}
