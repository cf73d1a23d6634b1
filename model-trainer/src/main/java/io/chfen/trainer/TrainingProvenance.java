package io.chfen.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.chfen.files.FileOps;
import io.chfen.schemas.ShardManifest;
import io.chfen.schemas.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Where a training run's data and code came from: the shards and their manifest, the schema and
 * code versions, a hash of the model's and trainer's compiled classes, the engine and the device.
 * Every checkpoint records it.
 */
public record TrainingProvenance(
    String shards,
    String manifestSha256,
    int schemaVersion,
    String codeVersion,
    String modelCodeSha256,
    String engine,
    String device,
    String createdAt) {
  static TrainingProvenance of(Path shards, Device device) throws IOException {
    ShardManifest m = ShardManifest.read(shards);
    Engine engine = Engine.getEngine("PyTorch");
    return new TrainingProvenance(
        shards.toAbsolutePath().normalize().toString(),
        FileOps.sha256(shards.resolve(ShardManifest.FILE)),
        m.schemaVersion(),
        Version.CURRENT,
        codeSha256(),
        engine.getEngineName() + " " + engine.getVersion(),
        device.toString(),
        Instant.now().toString());
  }

  /** SHA-256 over the compiled model and trainer classes: names the code that trained. */
  private static String codeSha256() throws IOException {
    var sha = FileOps.newSha256();
    for (Class<?> c :
        List.of(
            Chfen.class,
            Losses.class,
            Training.class,
            AdamW.class,
            Collate.class,
            Evaluation.class)) {
      try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
        if (in != null) {
          sha.update(in.readAllBytes());
        }
      }
    }
    return java.util.HexFormat.of().formatHex(sha.digest());
  }
}
