package io.chfen.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tampered manifests are refused naming the file and the cause, never read past. */
class ShardManifestTest {
  @TempDir Path dir;

  private static final String SHA = "ab".repeat(32);

  private String manifest(String shards) {
    return "{\"schemaVersion\":"
        + Schemas.SCHEMA_VERSION
        + ",\"pipelineVersion\":\"x\",\"rows\":3,\"failures\":0,"
        + "\"splits\":{\"train\":{\"rows\":3,\"bytes\":10,\"shards\":1}},"
        + "\"shards\":"
        + shards
        + "}";
  }

  private String refusal(String json) throws IOException {
    Files.writeString(dir.resolve(ShardManifest.FILE), json);
    IOException e = assertThrows(IOException.class, () -> ShardManifest.read(dir));
    assertTrue(e.getMessage().contains(dir.resolve(ShardManifest.FILE).toString()), e.getMessage());
    return e.getMessage();
  }

  @Test
  void aWholeManifestReads() throws IOException {
    Files.writeString(
        dir.resolve(ShardManifest.FILE),
        manifest(
            "[{\"file\":\"train/part-00000-of-00001.parquet\",\"split\":\"train\",\"rows\":3,"
                + "\"bytes\":10,\"sha256\":\""
                + SHA
                + "\"}]"));
    ShardManifest m = ShardManifest.read(dir);
    assertEquals(3, m.rows());
    assertEquals(
        List.of("train/part-00000-of-00001.parquet"),
        m.shards().stream().map(ShardManifest.Shard::file).toList());
    assertEquals(Map.of("train", new ShardManifest.SplitTotals(3, 10, 1)), m.splits());
  }

  @Test
  void brokenManifestsAreRefusedNamingTheCause() throws IOException {
    assertTrue(refusal("").contains("empty"), "empty");
    String whole =
        manifest(
            "[{\"file\":\"train/a.parquet\",\"split\":\"train\",\"rows\":3,\"bytes\":10,\"sha256\":\""
                + SHA
                + "\"}]");
    assertTrue(refusal(whole.substring(0, whole.length() / 2)).contains("not a readable manifest"));
    assertTrue(refusal(manifest("null")).contains("no shard list"));
    assertTrue(
        refusal(
                manifest(
                    "[{\"file\":\"train/a.parquet\",\"split\":\"train\",\"rows\":3,\"bytes\":10}]"))
            .contains("no SHA-256"));
    assertTrue(
        refusal(
                manifest(
                    "[{\"file\":\"../outside.parquet\",\"split\":\"train\",\"rows\":3,\"bytes\":10,"
                        + "\"sha256\":\""
                        + SHA
                        + "\"}]"))
            .contains("leaves"));
    assertTrue(
        refusal(
                manifest(
                    "[{\"file\":\"train/a.parquet\",\"split\":\"train\",\"rows\":2,\"bytes\":10,"
                        + "\"sha256\":\""
                        + SHA
                        + "\"}]"))
            .contains("hold 2 rows, it says 3"));
  }
}
