package io.chfen.storage;

import io.chfen.files.FileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A worker's local working folder for one item (a video copied in from object storage, its
 * artifacts before upload), under {@code -Dchfen.scratch} (default: the JVM's temp folder), refused
 * up front when the disk lacks the room the item needs, deleted when closed. Each instance is one
 * thread's.
 */
public final class Scratch implements AutoCloseable {
  /** The system property that names the scratch root of a worker. */
  public static final String PROPERTY = "chfen.scratch";

  private final Path dir;

  private Scratch(Path dir) {
    this.dir = dir;
  }

  /** The folder every scratch folder of this JVM is made in. */
  public static Path root() {
    String p = System.getProperty(PROPERTY);
    return Path.of(p != null && !p.isBlank() ? p : System.getProperty("java.io.tmpdir"))
        .resolve("chfen-scratch");
  }

  /**
   * A new, empty scratch folder for {@code purpose} (a video id, say).
   *
   * @param needBytes the room the work needs; refused naming the folder when the disk has less
   */
  public static Scratch create(String purpose, long needBytes) throws IOException {
    Path root = root();
    Files.createDirectories(root);
    long free = Files.getFileStore(root).getUsableSpace();
    if (needBytes > free) {
      throw new IOException(
          "scratch "
              + root
              + " has "
              + free / (1 << 20)
              + " MiB free, "
              + purpose
              + " needs "
              + needBytes / (1 << 20)
              + " MiB: give -D"
              + PROPERTY
              + " a larger disk");
    }
    return new Scratch(Files.createTempDirectory(root, prefix(purpose)));
  }

  /**
   * A scratch folder inside {@code parent}: beside a local target, so that what is finished in it
   * renames into place.
   */
  public static Scratch in(Path parent, String purpose) throws IOException {
    Files.createDirectories(parent);
    return new Scratch(Files.createTempDirectory(parent, prefix(purpose)));
  }

  private static String prefix(String purpose) {
    String safe = purpose.replaceAll("[^A-Za-z0-9_.-]", "_");
    return (safe.isEmpty() ? "item" : safe.substring(0, Math.min(safe.length(), 64))) + "-";
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    FileOps.deleteTree(dir);
  }
}
