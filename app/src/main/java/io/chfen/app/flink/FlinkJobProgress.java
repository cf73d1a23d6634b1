package io.chfen.app.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * The progress of the newest job on a Flink cluster, from its REST API: state, operators and tasks
 * finished, records read. (On a cluster the pipeline's own counters stay in the TaskManagers.)
 */
public final class FlinkJobProgress {
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  // jobs the cluster ran before this one are not ours
  private final long since = System.currentTimeMillis() - 1000;

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
      JsonNode job = get("/jobs/" + newest.get("jid").asText());
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
          "Flink job %s %s on %s | operators %d/%d finished | tasks %d/%d | records read %d",
          newest.path("name").asText(),
          job.path("state").asText(),
          base,
          verticesDone,
          vertices,
          tasksDone,
          tasks,
          records);
    } catch (Exception e) {
      return "Flink " + base + ": no answer (" + e.getClass().getSimpleName() + ")";
    }
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(3)).build(),
            HttpResponse.BodyHandlers.ofString());
    return json.readTree(r.body());
  }
}
