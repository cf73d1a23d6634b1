package io.chfen.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

  /** Writes bytes beside {@code to} and renames them into place ({@link #moveAtomically}). */
  public static void writeAtomically(Path to, byte[] bytes) throws IOException {
    Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    moveAtomically(tmp, to);
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
