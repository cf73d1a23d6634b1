package io.chfen.dataset.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.files.Location;
import io.chfen.layout.ArtifactFiles;
import io.chfen.layout.RunLayout;
import io.chfen.records.VideoArtifacts;
import io.chfen.sample.SampleData;
import io.chfen.storage.LocalS3;
import io.chfen.storage.Scratch;
import io.chfen.storage.Storage;
import io.chfen.storage.StorageOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process stage with its media and its artifacts in object storage (a real S3 API: S3Proxy on
 * loopback): the video is copied into scratch, analysed there and uploaded with {@code
 * artifacts.json} last; the folder holds what a local run writes; an upload cut short (no marker)
 * is redone, its stray objects removed; the scratch is emptied.
 */
class ObjectStoreProcessingTest {
  @TempDir static Path dir;
  private static LocalS3 s3;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = LocalS3.start(dir.resolve("s3"), 0).bucket("data");
    StorageOptions.fromArgs(s3.options());
    System.setProperty(Scratch.PROPERTY, dir.resolve("scratch").toString());
  }

  @AfterAll
  static void stopS3() throws Exception {
    System.clearProperty(Scratch.PROPERTY);
    s3.close();
  }

  private static List<String> files(Location folder) throws Exception {
    return Storage.list(folder).stream().map(folder::relativize).toList();
  }

  @Test
  void aVideoProcessedIntoABucketHoldsWhatALocalRunWritesAndAPartialUploadIsRedone()
      throws Exception {
    Location media = Location.of("s3://data/crawl");
    Storage.upload(SampleData.corpus().resolve("c09.mp4"), media.child("c09.mp4"));
    Location out = Location.of("s3://data/run");
    Location local = Location.of(dir.resolve("local"));

    VideoArtifacts remote;
    try (VideoProcessor p = new VideoProcessor(new ProcessSpec(), media, out)) {
      remote = p.process(VideoProcessorTest.video("t_c09", "c09.mp4")).artifacts();
    }
    VideoArtifacts onDisk;
    try (VideoProcessor p =
        new VideoProcessor(new ProcessSpec(), Location.of(SampleData.corpus()), local)) {
      onDisk = p.process(VideoProcessorTest.video("t_c09", "c09.mp4")).artifacts();
    }
    Location folder = RunLayout.at(out).artifacts("t_c09");
    List<String> names = files(folder);
    assertEquals(files(RunLayout.at(local).artifacts("t_c09")), names, "the same files");
    assertTrue(names.contains(ArtifactFiles.ARTIFACTS));
    assertEquals(onDisk.getModalities().keySet(), remote.getModalities().keySet());
    onDisk
        .getModalities()
        .forEach(
            (m, r) ->
                assertEquals(
                    r.getStatus(), remote.getModalities().get(m).getStatus(), m + " status"));
    assertEquals(
        Storage.readString(RunLayout.at(local).artifacts("t_c09").child(ArtifactFiles.SUBTITLES)),
        Storage.readString(folder.child(ArtifactFiles.SUBTITLES)),
        "the same subtitles");

    try (VideoProcessor p = new VideoProcessor(new ProcessSpec(), media, out)) {
      assertTrue(p.process(VideoProcessorTest.video("t_c09", "c09.mp4")).reused());

      // an upload cut short: the marker never put, a stray object of another version left
      Storage.delete(folder.child(ArtifactFiles.ARTIFACTS));
      Storage.writeString(folder.child("stray.txt"), "from an older version");
      VideoProcessor.Outcome redone = p.process(VideoProcessorTest.video("t_c09", "c09.mp4"));
      assertFalse(redone.reused(), "a folder without its marker is not complete");
      assertEquals(names, files(folder), "redone whole, the stray object removed");
    }
    try (Stream<Path> s = Files.walk(Scratch.root())) {
      assertEquals(List.of(), s.filter(Files::isRegularFile).toList(), "scratch is emptied");
    }
  }
}
