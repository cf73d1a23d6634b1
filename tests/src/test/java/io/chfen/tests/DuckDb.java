package io.chfen.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code read-shards.mjs} (DuckDB through Node, installed by scripts/duckdb.sh) on a shards
 * directory: what a user without the project's code sees.
 */
final class DuckDb {
  private DuckDb() {}

  static JsonNode readShards(Path shards) throws IOException, InterruptedException {
    Path tools = Path.of(System.getProperty("chfen.home", ".chfen")).resolve("tools/duckdb");
    if (!Files.isDirectory(tools.resolve("node_modules/@duckdb/node-api"))) {
      throw new IllegalStateException("DuckDB for Node is missing: run scripts/duckdb.sh");
    }
    Path script = tools.resolve("read-shards.mjs");
    try (InputStream in = DuckDb.class.getResourceAsStream("/read-shards.mjs")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    Process p =
        new ProcessBuilder("node", script.toString(), shards.toAbsolutePath().toString())
            .directory(tools.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("node read-shards.mjs failed: " + output);
    }
    return new ObjectMapper().readTree(output.lines().reduce((a, b) -> b).orElse("{}"));
  }
}
