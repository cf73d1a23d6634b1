package io.chfen.trainer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.chfen.files.FileOps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The trainer's JSON files: pretty, written atomically; a score that does not exist (NaN, e.g.
 * validation scores without a validation split) is written as null and read back as NaN.
 */
final class Json {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .addModule(nanAsNull())
          .build();

  private Json() {}

  private static SimpleModule nanAsNull() {
    JsonSerializer<Double> write =
        new JsonSerializer<>() {
          @Override
          public void serialize(Double v, JsonGenerator g, SerializerProvider p)
              throws IOException {
            if (v == null || v.isNaN() || v.isInfinite()) {
              g.writeNull();
            } else {
              g.writeNumber(v);
            }
          }
        };
    JsonDeserializer<Double> read =
        new JsonDeserializer<>() {
          @Override
          public Double deserialize(JsonParser p, DeserializationContext c) throws IOException {
            return p.getValueAsDouble();
          }

          @Override
          public Double getNullValue(DeserializationContext c) {
            return Double.NaN;
          }
        };
    SimpleModule m = new SimpleModule("nan-as-null");
    m.addSerializer(Double.class, write);
    m.addSerializer(Double.TYPE, write);
    m.addDeserializer(Double.class, read);
    m.addDeserializer(Double.TYPE, read);
    return m;
  }

  static void write(Path file, Object value) throws IOException {
    FileOps.writeAtomically(
        file, MAPPER.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
  }

  static <T> T read(Path file, Class<T> type) throws IOException {
    return MAPPER.readValue(file.toFile(), type);
  }

  static <T> T copy(T value, Class<T> type) {
    try {
      return MAPPER.readValue(MAPPER.writeValueAsBytes(value), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
