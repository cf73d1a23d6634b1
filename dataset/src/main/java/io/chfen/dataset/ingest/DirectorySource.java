package io.chfen.dataset.ingest;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The media files under a directory, recursively, in a stable order: video and audio files by
 * extension. A symbolic link is followed only when its target lies inside the directory, so a
 * source can never reach out of itself; one that points out is reported, not read.
 *
 * <p>An item's id comes from its path relative to the directory ({@link IngestItem#ofFile}), so the
 * same tree gives the same ids on any machine, in any directory, on any day.
 */
public final class DirectorySource {

  /** The {@code source} part of every id of a local file. */
  public static final String SOURCE = "local";

  /** File name extensions read as video containers. */
  public static final Set<String> VIDEO_EXTENSIONS =
      Set.of(
          "mp4", "m4v", "mov", "mkv", "webm", "avi", "flv", "ts", "m2ts", "mts", "mpg", "mpeg",
          "ogv", "3gp", "wmv");

  /** File name extensions read as sound alone (processed with the visual modalities absent). */
  public static final Set<String> AUDIO_EXTENSIONS =
      Set.of("wav", "mp3", "m4a", "aac", "flac", "ogg", "opus");

  /** An entry the scan did not take: its relative path, a reason code and a message. */
  public record Refused(String relative, String reason, String message) {}

  /** What a scan found, and the entries it refused with why. */
  public record Scan(Path root, List<IngestItem> items, List<Refused> refused) {}

  /** Reasons an entry of a source is not taken. */
  public static final String LINK_OUTSIDE = "link_outside_source";

  public static final String BROKEN_LINK = "broken_link";

  public static final String UNREADABLE = "unreadable";

  private DirectorySource() {}

  public static Scan scan(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + " is not a directory");
    }
    Path real = root.toRealPath();
    List<IngestItem> items = new ArrayList<>();
    List<Refused> refused = new ArrayList<>();
    Files.walkFileTree(
        real,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            String rel = relative(real, f);
            if (!isMedia(f)) {
              return FileVisitResult.CONTINUE;
            }
            if (a.isSymbolicLink()) {
              Path target;
              try {
                target = f.toRealPath();
              } catch (IOException e) {
                refused.add(new Refused(rel, BROKEN_LINK, rel + ": a broken link"));
                return FileVisitResult.CONTINUE;
              }
              if (!target.startsWith(real)) {
                refused.add(
                    new Refused(
                        rel,
                        LINK_OUTSIDE,
                        rel + ": a link out of " + root + " (to " + target + ")"));
                return FileVisitResult.CONTINUE;
              }
            } else if (!a.isRegularFile()) {
              return FileVisitResult.CONTINUE;
            }
            items.add(IngestItem.ofFile(f, rel));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) {
            String rel = relative(real, f);
            refused.add(
                new Refused(rel, UNREADABLE, rel + ": unreadable (" + e.getMessage() + ")"));
            return FileVisitResult.CONTINUE;
          }
        });
    items.sort(Comparator.comparing(IngestItem::locator));
    return new Scan(root, List.copyOf(items), List.copyOf(refused));
  }

  static boolean isMedia(Path f) {
    String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    return VIDEO_EXTENSIONS.contains(ext) || AUDIO_EXTENSIONS.contains(ext);
  }

  private static String relative(Path root, Path f) {
    return root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
  }
}
