package io.chfen.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chfen.records.Annotation;
import io.chfen.records.Emotion;
import io.chfen.records.FilterOutcome;
import io.chfen.records.Modality;
import io.chfen.records.VideoMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class RecordsTest {

  static VideoMetadata sampleVideo() {
    return VideoMetadata.newBuilder()
        .setId("demo_v001")
        .setSource("demo")
        .setPageUrl("http://127.0.0.1:8080/v/v001")
        .setCanonicalUrl("http://127.0.0.1:8080/v/v001")
        .setMediaUrl("http://127.0.0.1:8080/media/v001.mp4")
        .setTitle("城市夜景 1.2万次播放")
        .setTags(List.of("夜景", "city"))
        .setPublishedAt(Instant.parse("2024-05-01T12:30:00Z"))
        .setDurationS(11.2)
        .setWidth(720)
        .setHeight(1280)
        .setViewCount(12000L)
        .setCrawledAt(Instant.parse("2026-11-25T00:00:00Z"))
        .setFieldSources(Map.of("title", "jsonld"))
        .build();
  }

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T record, Schema schema) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<T>(schema).write(record, enc);
    enc.flush();
    BinaryDecoder dec = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
    return new SpecificDatumReader<T>(schema).read(null, dec);
  }

  @Test
  void videoMetadataRoundTripsWithTimestampsAndUnicode() throws IOException {
    VideoMetadata v = sampleVideo();
    VideoMetadata back = roundTrip(v, Schemas.VIDEO_METADATA);
    assertEquals(v, back);
    assertEquals("城市夜景 1.2万次播放", back.getTitle());
    assertEquals(Instant.parse("2024-05-01T12:30:00Z"), back.getPublishedAt());
  }

  @Test
  void filterOutcomeNestsTheVideo() throws IOException {
    FilterOutcome f =
        FilterOutcome.newBuilder()
            .setId("demo_v001")
            .setStage("filter")
            .setReason("duration_too_long")
            .setMessage("duration 11.2 s > max 10 s")
            .setVideo(sampleVideo())
            .build();
    assertEquals(f, roundTrip(f, Schemas.FILTER_OUTCOME));
  }

  @Test
  void annotationUsesThePlutchikEnum() throws IOException {
    Annotation a =
        Annotation.newBuilder()
            .setVideoId("demo_v001")
            .setAnnotatorId("a1")
            .setModality(Modality.ACOUSTIC)
            .setEmotion(Emotion.JOY)
            .setIntensity(Plutchik.HIGH)
            .build();
    assertEquals(a, roundTrip(a, Schemas.ANNOTATION));
    assertEquals(8, Schemas.ANNOTATION.getField("emotion").schema().getEnumSymbols().size());
  }

  @Test
  void requiredFieldsAreEnforced() {
    assertThrows(AvroRuntimeException.class, () -> VideoMetadata.newBuilder().setId("x").build());
  }
}
