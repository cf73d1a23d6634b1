package io.chfen.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/** The file operations every stage's "write aside, then rename into place" needs. Stateless. */
public final class FileOps {
  private FileOps() {}

  /** Deletes a file or a directory tree; nothing if it does not exist. */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  /**
   * Renames {@code from} to {@code to} atomically where the file system can (replacing a file at
   * {@code to}), so a reader sees the old or the new, never a half-written one.
   */
  public static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Writes bytes beside {@code to}, forces them to disk and renames them into place ({@link
   * #moveAtomically}), so after a crash or a power loss {@code to} holds the old bytes or the new.
   */
  public static void writeAtomically(Path to, byte[] bytes) throws IOException {
    Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    sync(tmp);
    moveAtomically(tmp, to);
    sync(to.toAbsolutePath().getParent());
  }

  /**
   * Where the previous version of a directory lies while {@link #replaceDirectory} runs. No video
   * id ends so (a hashed id part ends in {@code ~} and 16 hex digits), so it meets no artifact
   * folder.
   */
  public static Path previous(Path target) {
    return target.resolveSibling(target.getFileName() + PREVIOUS_SUFFIX);
  }

  /** The suffix of {@link #previous}. */
  public static final String PREVIOUS_SUFFIX = "~old";

  /**
   * Puts the complete directory {@code fresh} in the place of {@code target} so that at every
   * instant one complete version exists under one of two names: {@code fresh} is forced to disk,
   * {@code target} is renamed aside to {@link #previous}, {@code fresh} renamed in, then the
   * previous version deleted. After a crash, {@link #recover} brings back whichever is complete.
   */
  public static void replaceDirectory(Path fresh, Path target) throws IOException {
    recover(target);
    syncTree(fresh);
    Path old = previous(target);
    boolean had = Files.exists(target);
    if (had) {
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
    sync(target.toAbsolutePath().getParent());
    if (had) {
      deleteTree(old);
    }
  }

  /**
   * After a crash inside {@link #replaceDirectory}: the new version if it was renamed in (the
   * previous one, half deleted or not, goes), else the previous version renamed back. Returns
   * {@code target}.
   */
  public static Path recover(Path target) throws IOException {
    Path old = previous(target);
    if (Files.exists(old)) {
      if (Files.exists(target)) {
        deleteTree(old);
      } else {
        Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    return target;
  }

  /** Forces every file and directory under {@code root} to disk. */
  public static void syncTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        sync(p);
      }
    }
  }

  /**
   * Forces a file's bytes, or a directory's entries, to disk (fsync). File systems that cannot sync
   * a directory say so by refusing to open it; that is not an error.
   */
  public static void sync(Path p) throws IOException {
    boolean dir = Files.isDirectory(p);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (!dir) {
        throw e;
      }
    }
  }

  /**
   * {@code root} resolved against a name that came from outside (a crawled page's id, an index
   * file): refused unless the result stays inside {@code root}, so no input can write or read
   * elsewhere ("../", absolute paths, NUL).
   */
  public static Path within(Path root, String name) throws IOException {
    if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IOException(
          "refused name " + (name == null ? "null" : "'" + name + "'") + " under " + root);
    }
    Path base = root.toAbsolutePath().normalize();
    Path p;
    try {
      p = base.resolve(name).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new IOException("refused name '" + name + "' under " + root + ": " + e.getMessage(), e);
    }
    if (!p.startsWith(base) || p.equals(base)) {
      throw new IOException("refused name '" + name + "': it leaves " + root);
    }
    return p;
  }

  /** SHA-256 of a file's bytes, lower-case hex, streamed. */
  public static String sha256(Path file) throws IOException {
    MessageDigest sha = newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
