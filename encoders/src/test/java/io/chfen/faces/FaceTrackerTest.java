package io.chfen.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.models.ModelFiles;
import io.chfen.sample.SampleData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.junit.jupiter.api.Test;

/** Tracking detections at 5 fps on a corpus video against its annotated face boxes. */
class FaceTrackerTest {
  private static final FaceDetector DETECTOR = new UltraFace(ModelFiles.dir(), 0.3);

  private static FaceTracker track(String clip) throws Exception {
    FaceTracker tracker = new FaceTracker();
    try (FFmpegFrameGrabber g =
            new FFmpegFrameGrabber(SampleData.corpus().resolve(clip + ".mp4").toFile());
        OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
      g.start();
      long next = 0;
      Frame f;
      while ((f = g.grabImage()) != null) {
        if (f.timestamp >= next) {
          tracker.update(f.timestamp, DETECTOR.detect(conv.convert(f)), false);
          next += 200_000;
        }
      }
    }
    return tracker;
  }

  /** c03: the astronaut and the cameraman side by side for 16 s; two tracks, one per person. */
  @Test
  void twoPeopleGiveTwoTracksThatNeverSwap() throws Exception {
    List<FaceTracker.Track> tracks = track("c03").tracks();
    assertEquals(
        2, tracks.size(), tracks.stream().map(t -> t.id + ":" + t.seen()).toList().toString());
    JsonNode frames =
        new ObjectMapper()
            .readTree(SampleData.corpus().resolve("c03/truth/faces.json").toFile())
            .get("frames");
    for (FaceTracker.Track t : tracks) {
      assertTrue(t.seen() >= 70, "track " + t.id + " seen " + t.seen() + " of 80 samples");
      Map<String, Integer> votes = new HashMap<>();
      for (int i = 0; i < t.faces.size(); i++) {
        FaceDetector.Face f = t.faces.get(i);
        if (f == null) {
          continue;
        }
        String best = null;
        double bestIou = 0.3;
        for (JsonNode frame : frames) {
          if (Math.abs(frame.get("timeUs").asLong() - t.timesUs.get(i)) < 20_000) {
            for (JsonNode b : frame.get("faces")) {
              double iou =
                  f.iou(
                      new FaceDetector.Face(
                          b.get("x").asInt(),
                          b.get("y").asInt(),
                          b.get("w").asInt(),
                          b.get("h").asInt(),
                          1));
              if (iou > bestIou) {
                bestIou = iou;
                best = b.get("person").asText();
              }
            }
          }
        }
        votes.merge(String.valueOf(best), 1, Integer::sum);
      }
      assertEquals(1, votes.size(), "track " + t.id + " follows one person: " + votes);
    }
  }
}
