package io.chfen.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chfen.artifacts.SubtitleCue;
import io.chfen.formats.Srt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthTest {
  @TempDir Path corpus;

  @Test
  void subtitleLinesAreEveryTrueLineInVideoAndCueOrder() throws Exception {
    for (String id : List.of("c02", "c01", "c03")) {
      Files.writeString(corpus.resolve(id + ".mp4"), "");
    }
    Files.writeString(corpus.resolve("c04-broken.mp4"), "");
    write("c02", List.of(new SubtitleCue(0, 1000, " second video ")));
    write(
        "c01",
        List.of(new SubtitleCue(0, 1000, "first\ntwo lines"), new SubtitleCue(1000, 2000, "then")));
    // c03 has no subtitle truth: it adds no lines

    assertEquals(
        List.of("first", "two lines", "then", "second video"), GroundTruth.subtitleLines(corpus));
  }

  private void write(String id, List<SubtitleCue> cues) throws Exception {
    Path srt = GroundTruth.truth(corpus, id, ArtifactFiles.SUBTITLES);
    Files.createDirectories(srt.getParent());
    Srt.write(srt, cues);
  }
}
