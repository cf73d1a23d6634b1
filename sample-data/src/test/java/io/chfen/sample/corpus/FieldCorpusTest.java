package io.chfen.sample.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chfen.formats.Srt;
import io.chfen.formats.WavReader;
import io.chfen.layout.ArtifactFiles;
import io.chfen.layout.GroundTruth;
import io.chfen.sample.SampleData;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldCorpusTest {
  @TempDir Path tmp;

  @Test
  void thePlanHasWhatTheFieldCorpusPromises() {
    List<FieldPlan.Spec> plan = FieldPlan.videos(SampleCorpus.DEFAULT_SEED);
    long cues = plan.stream().mapToLong(s -> s.cues().size()).sum();
    long twoLine =
        plan.stream().flatMap(s -> s.cues().stream()).filter(c -> c.lines().size() == 2).count();
    assertTrue(3 * twoLine >= cues, twoLine + " of " + cues + " cues two-line");
    assertEquals(
        Set.of(1, 2), plan.stream().map(FieldPlan.Spec::channels).collect(toSet()), "channels");
    assertEquals(
        Set.of(-5.0, 0.0, 5.0), plan.stream().map(FieldPlan.Spec::smrDb).collect(toSet()), "SMR");
    assertEquals(
        Set.of(25.0, 30.0, 30000 / 1001.0, 24000 / 1001.0),
        plan.stream().map(FieldPlan.Spec::fps).collect(toSet()),
        "frame rates");
    for (FieldPlan.Spec s : plan) {
      assertEquals(0, s.cues().get(0).startFrame(), s.id() + ": a cue on frame 0");
      assertEquals(s.frames(), s.cues().get(s.cues().size() - 1).endFrame(), s.id() + ": last");
      for (int i = 0; i + 1 < s.cues().size(); i++) {
        double gapS = (s.cues().get(i + 1).startFrame() - s.cues().get(i).endFrame()) / s.fps();
        assertTrue(gapS >= 0.38 && gapS <= 0.72, s.id() + ": gap " + gapS);
      }
    }
  }

  /**
   * Two videos rendered again: identical files for the same seed (the generator also checks each
   * cue's frames against a render of the subtitle layer alone), stems that add up exactly to the
   * mixture's samples, and the frame count and rate the plan asked for.
   */
  @Test
  void theSameSeedGivesTheSameFilesAndExactTruth() throws Exception {
    Path corpus = SampleData.fieldCorpus();
    JsonNode manifest = SampleCorpus.manifest(corpus);
    List<SampleCorpus.Entry> again =
        FieldCorpus.generate(
            tmp, SampleCorpus.DEFAULT_SEED, SampleData.sourcesDir(), Set.of("f02", "f03"), s -> {});
    assertEquals(2, again.size());
    for (SampleCorpus.Entry e : again) {
      String before = null;
      for (JsonNode f : manifest.get("files")) {
        if (f.get("file").asText().equals(e.file())) {
          before = f.get("sha256").asText();
        }
      }
      assertEquals(before, e.sha256(), e.file() + " is byte-identical for the same seed");
      FieldPlan.Spec spec =
          FieldPlan.videos(SampleCorpus.DEFAULT_SEED).stream()
              .filter(s -> s.id().equals(e.id()))
              .findFirst()
              .orElseThrow();
      assertEquals(
          FieldRenderer.truthCues(spec),
          Srt.read(GroundTruth.truth(tmp, e.id(), ArtifactFiles.SUBTITLES)));
      WavReader.Audio v = WavReader.read(GroundTruth.truth(tmp, e.id(), ArtifactFiles.VOCALS));
      WavReader.Audio m = WavReader.read(GroundTruth.truth(tmp, e.id(), ArtifactFiles.MUSIC));
      assertEquals(spec.channels(), v.channels());
      float[] vs = v.interleaved();
      float[] ms = m.interleaved();
      for (int i = 0; i < vs.length; i++) {
        double sum = (vs[i] + ms[i]) * 32768.0; // WavReader scales a 16-bit sample by 1/32768
        assertEquals(Math.rint(sum), sum, 1e-3, "integer stems at sample " + i);
        assertTrue(sum >= -32768 && sum <= 32767, "no clipping at sample " + i);
      }
      try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(tmp.resolve(e.file()).toFile())) {
        g.start();
        assertEquals(spec.width(), g.getImageWidth());
        assertEquals(spec.height(), g.getImageHeight());
        assertEquals(spec.fps(), g.getVideoFrameRate(), 1e-3);
        int frames = 0;
        while (g.grabImage() != null) {
          frames++;
        }
        assertEquals(spec.frames(), frames, e.id() + " frames");
      }
    }
  }

  private static <T> java.util.stream.Collector<T, ?, Set<T>> toSet() {
    return java.util.stream.Collectors.toSet();
  }
}
