package io.chfen.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.media.DecodeLimits;
import io.chfen.media.SinglePassDecoder;
import io.chfen.models.ModelFiles;
import io.chfen.records.ModalityResult;
import io.chfen.sample.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The face analyzer through the real decoder on corpus videos and on videos cut from them. */
class FaceAnalyzerTest {
  @TempDir Path tmp;

  private JsonNode analyze(Path video, FaceAnalyzer.Settings settings) throws Exception {
    try (FaceAnalyzer a = FaceAnalyzer.create(settings, ModelFiles.dir())) {
      ModalityResult r =
          new SinglePassDecoder(DecodeLimits.DEFAULT, 1)
              .decode(video, List.of(a), tmp)
              .results()
              .get("faces");
      assertEquals("ok", r.getStatus(), r.toString());
      JsonNode doc = new ObjectMapper().readTree(tmp.resolve("faces.json").toFile());
      assertEquals(doc.get("persons").size(), r.getStats().get("persons").intValue());
      return doc;
    }
  }

  /** A video of corpus segments joined by hard cuts: clip, from s, to s, repeated. */
  private Path splice(Object... parts) throws Exception {
    Path out = tmp.resolve("spliced.mp4");
    FFmpegFrameRecorder rec = null;
    try {
      for (int i = 0; i < parts.length; i += 3) {
        try (FFmpegFrameGrabber g =
            new FFmpegFrameGrabber(SampleData.corpus().resolve(parts[i] + ".mp4").toFile())) {
          g.start();
          if (rec == null) {
            rec = new FFmpegFrameRecorder(out.toFile(), g.getImageWidth(), g.getImageHeight(), 0);
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setVideoQuality(3);
            rec.setFrameRate(25);
            rec.start();
          }
          long from = Math.round((Double) parts[i + 1] * 1e6);
          long to = Math.round((Double) parts[i + 2] * 1e6);
          Frame f;
          while ((f = g.grabImage()) != null && f.timestamp < to) {
            if (f.timestamp >= from) {
              rec.record(f);
            }
          }
        }
      }
    } finally {
      if (rec != null) {
        rec.close();
      }
    }
    return out;
  }

  @Test
  void thePersonOnBothSidesOfACutIsOnePersonWithTwoTracks() throws Exception {
    JsonNode doc =
        analyze(splice("c01", 0.0, 3.0, "c05", 0.0, 3.0, "c01", 6.0, 9.0), settingsDefault());
    assertEquals(2, doc.get("shotCuts").size(), doc.get("shotCuts").toString());
    JsonNode persons = doc.get("persons");
    assertEquals(2, persons.size(), "persons");
    // the astronaut, seen 6 s, before and after the cameraman
    JsonNode astronaut = persons.get(0);
    assertEquals(2, astronaut.get("tracks").size());
    assertTrue(astronaut.get("tracks").get(0).get("end").asDouble() < 3.0);
    assertTrue(astronaut.get("tracks").get(1).get("start").asDouble() >= 6.0);
    assertEquals(1, persons.get(1).get("tracks").size());
    for (JsonNode p : persons) {
      assertEquals(512, p.get("embedding").size());
      for (JsonNode crop : p.get("crops")) {
        assertTrue(Files.size(tmp.resolve(crop.asText())) > 1000, crop.asText());
      }
      JsonNode sample = p.get("tracks").get(0).get("samples").get(0);
      assertEquals(136, sample.get("landmarks").size());
      assertEquals(4, sample.get("box").size());
    }
  }

  @Test
  void aCrowdIsCappedWithAWarning() throws Exception {
    FaceAnalyzer.Settings s = settingsDefault();
    s.maxPersons = 1;
    JsonNode doc = analyze(SampleData.corpus().resolve("c03.mp4"), s);
    assertEquals(1, doc.get("persons").size());
    assertTrue(
        doc.get("warnings").get(0).asText().contains("2 persons"), doc.get("warnings").toString());
    assertEquals(1, doc.get("dropped").get("overCapTracks").asInt());
  }

  @Test
  void aVideoWithoutFacesHasNoPersons() throws Exception {
    JsonNode doc = analyze(SampleData.corpus().resolve("c08.mp4"), settingsDefault());
    assertEquals(0, doc.get("persons").size());
    assertTrue(doc.get("samples").asInt() >= 45, "5 fps over 10 s");
  }

  @Test
  void theCascadeDetectorIsAWorkingFallback() throws Exception {
    FaceAnalyzer.Settings s = settingsDefault();
    s.detector = FaceDetector.Kind.HAAR;
    JsonNode doc = analyze(SampleData.corpus().resolve("c01.mp4"), s);
    assertEquals("haar", doc.get("detector").asText());
    // the most visible person is the astronaut, on screen for 14 s
    JsonNode first = doc.get("persons").get(0);
    assertTrue(first.get("seconds").asDouble() > 10, "seen " + first.get("seconds"));
    JsonNode box = first.get("tracks").get(0).get("samples").get(0).get("box");
    FaceDetector.Face want = FaceDetectorTest.truthBox("c01", 0);
    FaceDetector.Face got =
        new FaceDetector.Face(
            box.get(0).asInt(), box.get(1).asInt(), box.get(2).asInt(), box.get(3).asInt(), 1);
    assertTrue(got.iou(want) > 0.5, got + " vs " + want);
  }

  private static FaceAnalyzer.Settings settingsDefault() {
    return new FaceAnalyzer.Settings();
  }
}
