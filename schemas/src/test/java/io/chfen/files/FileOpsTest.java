package io.chfen.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory swap leaves one complete version under one of two names at every step. */
class FileOpsTest {
  @TempDir Path dir;

  private Path version(String name, String content) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    Files.writeString(d.resolve("data"), content);
    return d;
  }

  private String content(Path d) throws Exception {
    return Files.readString(d.resolve("data"));
  }

  @Test
  void replaceKeepsNoPreviousVersionBehind() throws Exception {
    Path target = version("last", "v1");
    FileOps.replaceDirectory(version("fresh", "v2"), target);
    assertEquals("v2", content(target));
    assertFalse(Files.exists(FileOps.previous(target)));
    assertFalse(Files.exists(dir.resolve("fresh")));
    FileOps.replaceDirectory(version("first", "v1"), dir.resolve("new"));
    assertEquals("v1", content(dir.resolve("new")));
  }

  @Test
  void everyCrashPointRecoversToACompleteVersion() throws Exception {
    Path target = dir.resolve("last");
    // killed after the old version was renamed aside, before the new one came in: the old one
    version("last~old", "v1");
    assertEquals("v1", content(FileOps.recover(target)));
    assertFalse(Files.exists(FileOps.previous(target)));
    // killed after the new one came in, while the old one was being deleted: the new one
    Path old = version("last~old", "v1");
    Files.delete(old.resolve("data"));
    Files.writeString(target.resolve("data"), "v2");
    assertEquals("v2", content(FileOps.recover(target)));
    assertFalse(Files.exists(old));
    // a swap after a crash recovers first, then swaps
    Files.move(target, FileOps.previous(target));
    FileOps.replaceDirectory(version("fresh", "v3"), target);
    assertEquals("v3", content(target));
    assertFalse(Files.exists(FileOps.previous(target)));
  }
}
