package io.chfen.dataset.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.sample.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of the sample corpus's videos, scanned twice from two places. */
class DirectorySourceTest {
  @TempDir Path dir;

  private static void copyMedia(Path from, Path to) throws Exception {
    Files.createDirectories(to.resolve("sub/深处"));
    try (var s = Files.list(from)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".mp4")).toList()) {
        Path dest = f.getFileName().toString().startsWith("c0") ? to.resolve("sub/深处") : to;
        Files.copy(f, dest.resolve(f.getFileName()));
      }
    }
    Files.writeString(to.resolve("notes.txt"), "not media");
  }

  @Test
  void theSameTreeGivesTheSameIdsWhereverItLies() throws Exception {
    Path corpus = SampleData.corpus();
    Path a = dir.resolve("a");
    Path b = dir.resolve("elsewhere/b");
    copyMedia(corpus, a);
    copyMedia(corpus, b);
    DirectorySource.Scan sa = DirectorySource.scan(a);
    DirectorySource.Scan sb = DirectorySource.scan(b);
    long mp4;
    try (var s = Files.list(corpus)) {
      mp4 = s.filter(p -> p.toString().endsWith(".mp4")).count();
    }
    assertEquals(mp4, sa.items().size(), "every video, and nothing else");
    assertEquals(
        sa.items().stream().map(IngestItem::id).toList(),
        sb.items().stream().map(IngestItem::id).toList());
    Set<String> ids = new HashSet<>();
    sa.items().forEach(i -> assertTrue(ids.add(i.id()), "unique: " + i.id()));
    assertTrue(
        sa.items().stream().anyMatch(i -> i.locator().startsWith("sub/深处/c0")),
        "recursive, relative paths with /");
  }

  @Test
  void aLinkOutOfTheSourceIsRefusedAndOneInsideIsRead() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path outside = Files.writeString(dir.resolve("secret.mp4"), "x");
    Path inside = Files.writeString(root.resolve("real.mp4"), "x");
    Files.createSymbolicLink(root.resolve("out.mp4"), outside);
    Files.createSymbolicLink(root.resolve("in.mp4"), inside);
    DirectorySource.Scan s = DirectorySource.scan(root);
    assertEquals(
        List.of("in.mp4", "real.mp4"), s.items().stream().map(IngestItem::locator).toList());
    assertEquals(1, s.refused().size(), s.refused().toString());
    assertEquals("out.mp4", s.refused().get(0).relative());
    assertEquals(DirectorySource.LINK_OUTSIDE, s.refused().get(0).reason());
    // the crawl log of the scan: the source (2 videos found), the refused link skipped
    assertEquals(
        List.of("fetched:null:2", "skipped:link_outside_source:0"),
        IngestSource.open(root, ListSource.Columns.DEFAULT).log().stream()
            .map(p -> p.getOutcome() + ":" + p.getReason() + ":" + p.getVideosFound())
            .toList());
  }
}
