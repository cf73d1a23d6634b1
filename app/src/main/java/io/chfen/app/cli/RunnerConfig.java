package io.chfen.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A runner configuration file (runner-configs/*.yaml): the Beam runner and its pipeline options,
 * and for a standalone Flink cluster the cluster's own settings. The options become Beam arguments;
 * arguments given on the command line come after them and win.
 */
public record RunnerConfig(
    Path file, String runner, Map<String, String> options, JsonNode cluster) {
  public static RunnerConfig read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no runner config at " + file);
    }
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    if (root == null || !root.hasNonNull("runner")) {
      throw new IOException(file + ": a runner config needs `runner:` (DirectRunner, FlinkRunner)");
    }
    Map<String, String> options = new LinkedHashMap<>();
    JsonNode o = root.path("options");
    o.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isContainerNode()) {
                throw new IllegalArgumentException(
                    file + ": option " + e.getKey() + " must be a single value");
              }
              options.put(e.getKey(), e.getValue().asText());
            });
    return new RunnerConfig(
        file, root.get("runner").asText(), options, root.path("cluster").deepCopy());
  }

  /** The Beam arguments: --runner and every option, then {@code commandLine} (which wins). */
  public List<String> args(List<String> commandLine) {
    java.util.Set<String> given = new java.util.HashSet<>();
    for (String a : commandLine) {
      if (a.startsWith("--")) {
        int eq = a.indexOf('=');
        given.add(eq < 0 ? a.substring(2) : a.substring(2, eq));
      }
    }
    List<String> out = new ArrayList<>();
    if (!given.contains("runner")) {
      out.add("--runner=" + runner);
    }
    options.forEach(
        (k, v) -> {
          if (!given.contains(k)) {
            out.add("--" + k + "=" + v);
          }
        });
    out.addAll(commandLine);
    return out;
  }
}
