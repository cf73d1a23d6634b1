package io.chfen.dataset.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chfen.files.Location;
import io.chfen.layout.ArtifactFiles;
import io.chfen.records.VideoArtifacts;
import io.chfen.schemas.RecordsData;
import io.chfen.schemas.Schemas;
import io.chfen.storage.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * {@code artifacts.json} ({@link ArtifactFiles#ARTIFACTS}): a video's {@link VideoArtifacts} in
 * Avro's JSON encoding, beside its files.
 */
public final class ArtifactsJson {
  private ArtifactsJson() {}

  public static void write(VideoArtifacts a, Path dir) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonEncoder enc = EncoderFactory.get().jsonEncoder(Schemas.VIDEO_ARTIFACTS, out, true);
    new SpecificDatumWriter<VideoArtifacts>(Schemas.VIDEO_ARTIFACTS, RecordsData.get())
        .write(a, enc);
    enc.flush();
    Files.write(dir.resolve(ArtifactFiles.ARTIFACTS), out.toByteArray());
  }

  /**
   * The record in {@code dir} (local or stored), or null when there is none or it is unreadable.
   */
  public static VideoArtifacts read(Location dir) {
    try {
      Location f = dir.child(ArtifactFiles.ARTIFACTS);
      if (!Storage.exists(f)) {
        return null;
      }
      String json = withDefaults(Storage.readString(f));
      return new SpecificDatumReader<VideoArtifacts>(
              Schemas.VIDEO_ARTIFACTS, Schemas.VIDEO_ARTIFACTS, RecordsData.get())
          .read(null, DecoderFactory.get().jsonDecoder(Schemas.VIDEO_ARTIFACTS, json));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A record written before a field was added lacks it, and Avro's JSON decoder does not fill in
   * defaults: the field's default is put in, so an older folder is read (and reused) rather than
   * processed again.
   */
  static String withDefaults(String json) throws IOException {
    JsonNode tree = JSON.readTree(json);
    if (!(tree instanceof ObjectNode o)) {
      return json;
    }
    boolean changed = false;
    for (Schema.Field field : Schemas.VIDEO_ARTIFACTS.getFields()) {
      if (!o.has(field.name()) && field.hasDefaultValue()) {
        Object d = field.defaultVal();
        o.set(
            field.name(),
            d == JsonProperties.NULL_VALUE ? NullNode.getInstance() : JSON.valueToTree(d));
        changed = true;
      }
    }
    return changed ? JSON.writeValueAsString(o) : json;
  }
}
