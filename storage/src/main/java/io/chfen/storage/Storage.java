package io.chfen.storage;

import io.chfen.files.FileOps;
import io.chfen.files.Location;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Every read and write of a run's data, local or remote, through one API. A local {@link Location}
 * goes through {@code java.nio} (a whole write is written aside, forced to disk and renamed, so a
 * reader sees the old bytes or the new); any other goes through Beam's {@link FileSystems} (S3
 * through {@code beam-sdks-java-io-amazon-web-services2}, and whatever else is registered), where a
 * whole write is one object put, visible only when complete. Object stores have no folders and no
 * rename: a folder is the objects under a prefix, and {@link #replaceFolder} marks completion with
 * a marker object written last. Stateless and thread-safe; the file systems must have been
 * registered ({@link StorageOptions#prepare}; a pipeline's workers are registered by the runner).
 */
public final class Storage {
  private Storage() {}

  /** Whether a file is stored there (a folder is not a file). */
  public static boolean exists(Location l) throws IOException {
    return size(l) >= 0;
  }

  /** A file's size in bytes, -1 when there is none. */
  public static long size(Location l) throws IOException {
    if (l.isLocal()) {
      Path p = l.path();
      return Files.isRegularFile(p) ? Files.size(p) : -1;
    }
    MatchResult m = FileSystems.match(l.uri(), EmptyMatchTreatment.ALLOW);
    if (m.status() == MatchResult.Status.NOT_FOUND) {
      return -1;
    }
    List<MatchResult.Metadata> found = m.metadata();
    return found.size() == 1 ? found.get(0).sizeBytes() : -1;
  }

  /** A file's bytes as a stream; a missing file is a {@link FileNotFoundException} naming it. */
  public static InputStream read(Location l) throws IOException {
    if (l.isLocal()) {
      try {
        return Files.newInputStream(l.path());
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException(l + " does not exist");
      }
    }
    return Channels.newInputStream(open(l));
  }

  public static byte[] readBytes(Location l) throws IOException {
    try (InputStream in = read(l)) {
      return in.readAllBytes();
    }
  }

  public static String readString(Location l) throws IOException {
    return new String(readBytes(l), StandardCharsets.UTF_8);
  }

  /** A file's bytes for random access (Parquet reads a footer, then the row groups it needs). */
  public static SeekableByteChannel openSeekable(Location l) throws IOException {
    if (l.isLocal()) {
      return Files.newByteChannel(l.path());
    }
    ReadableByteChannel ch = open(l);
    if (ch instanceof SeekableByteChannel s) {
      return s;
    }
    ch.close();
    throw new IOException(l.scheme() + "'s file system gives no random access to " + l);
  }

  private static ReadableByteChannel open(Location l) throws IOException {
    MatchResult m = FileSystems.match(l.uri(), EmptyMatchTreatment.ALLOW);
    if (m.status() == MatchResult.Status.NOT_FOUND || m.metadata().size() != 1) {
      throw new FileNotFoundException(l + " does not exist");
    }
    return FileSystems.open(m.metadata().get(0).resourceId());
  }

  /**
   * Writes a whole file: a reader sees the previous version or this one, never a part (local:
   * written aside, forced, renamed; remote: one put).
   */
  public static void write(Location l, byte[] bytes) throws IOException {
    if (l.isLocal()) {
      Files.createDirectories(l.path().getParent());
      FileOps.writeAtomically(l.path(), bytes);
      return;
    }
    try (OutputStream out = create(l)) {
      out.write(bytes);
    }
  }

  public static void writeString(Location l, String text) throws IOException {
    write(l, text.getBytes(StandardCharsets.UTF_8));
  }

  private static OutputStream create(Location l) throws IOException {
    ResourceId id = FileSystems.matchNewResource(l.uri(), false);
    return Channels.newOutputStream(FileSystems.create(id, MimeTypes.BINARY));
  }

  /**
   * Stores a local file at {@code to}, whole: copied aside and renamed on a local disk, one put in
   * an object store.
   */
  public static void upload(Path from, Location to) throws IOException {
    if (to.isLocal()) {
      Path dest = to.path();
      Files.createDirectories(dest.getParent());
      Path tmp = dest.resolveSibling(dest.getFileName() + "." + UUID.randomUUID() + ".tmp");
      try {
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        FileOps.sync(tmp);
        FileOps.moveAtomically(tmp, dest);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return;
    }
    try (OutputStream out = create(to)) {
      Files.copy(from, out);
    }
  }

  /**
   * Moves a finished local file (in scratch, or beside its place) to {@code to}: renamed where the
   * disk allows, else copied whole; the local file is gone afterwards.
   */
  public static void place(Path from, Location to) throws IOException {
    if (to.isLocal()) {
      Files.createDirectories(to.path().getParent());
      FileOps.sync(from);
      try {
        FileOps.moveAtomically(from, to.path());
        return;
      } catch (IOException e) {
        // another disk than the target's: copy aside and rename below
      }
    }
    upload(from, to);
    Files.deleteIfExists(from);
  }

  /** Copies a stored file to a local one. */
  public static void download(Location from, Path to) throws IOException {
    if (to.getParent() != null) {
      Files.createDirectories(to.getParent());
    }
    try (InputStream in = read(from)) {
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * The files under a folder, at any depth, sorted by name; none when it does not exist. Folder
   * markers some tools put in buckets ({@code name/}) are not files.
   */
  public static List<Location> list(Location dir) throws IOException {
    List<Location> out = new ArrayList<>();
    if (dir.isLocal()) {
      if (!Files.isDirectory(dir.path())) {
        return out;
      }
      try (Stream<Path> s = Files.walk(dir.path())) {
        s.filter(Files::isRegularFile).sorted().forEach(p -> out.add(Location.of(p)));
      }
      return out;
    }
    MatchResult m = FileSystems.match(dir.uri() + "/**", EmptyMatchTreatment.ALLOW);
    if (m.status() == MatchResult.Status.NOT_FOUND) {
      return out;
    }
    for (MatchResult.Metadata md : m.metadata()) {
      String uri = md.resourceId().toString();
      if (!uri.endsWith("/")) {
        out.add(Location.of(uri));
      }
    }
    out.sort((a, b) -> a.uri().compareTo(b.uri()));
    return out;
  }

  /**
   * The files directly in a folder whose names start with {@code prefix} and end with {@code
   * suffix}.
   */
  public static List<Location> files(Location dir, String prefix, String suffix)
      throws IOException {
    List<Location> out = new ArrayList<>();
    for (Location f : list(dir)) {
      String rel = dir.relativize(f);
      if (rel != null && !rel.contains("/") && rel.startsWith(prefix) && rel.endsWith(suffix)) {
        out.add(f);
      }
    }
    return out;
  }

  /** Whether any file lies under a folder. */
  public static boolean hasFiles(Location dir) throws IOException {
    return !list(dir).isEmpty();
  }

  /** Deletes a file; nothing if there is none. */
  public static void delete(Location l) throws IOException {
    if (l.isLocal()) {
      Files.deleteIfExists(l.path());
      return;
    }
    FileSystems.delete(
        List.of(FileSystems.matchNewResource(l.uri(), false)),
        MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  /** Deletes a folder and everything under it (a file too); nothing if there is none. */
  public static void deleteTree(Location l) throws IOException {
    if (l.isLocal()) {
      FileOps.deleteTree(l.path());
      return;
    }
    List<ResourceId> ids = new ArrayList<>();
    for (Location f : list(l)) {
      ids.add(FileSystems.matchNewResource(f.uri(), false));
    }
    ids.add(FileSystems.matchNewResource(l.uri(), false));
    FileSystems.delete(ids, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  /** Copies a stored file to another place in the same store, whole. */
  public static void copy(Location from, Location to) throws IOException {
    if (from.isLocal() != to.isLocal()) {
      throw new IOException("cannot copy " + from + " to " + to + ": different stores");
    }
    if (to.isLocal()) {
      upload(from.path(), to);
      return;
    }
    FileSystems.copy(
        List.of(FileSystems.matchNewResource(from.uri(), false)),
        List.of(FileSystems.matchNewResource(to.uri(), false)));
  }

  /** SHA-256 of a stored file's bytes, lower-case hex, streamed. */
  public static String sha256(Location l) throws IOException {
    MessageDigest sha = FileOps.newSha256();
    try (InputStream in = new DigestInputStream(read(l), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Copies a stored folder's files under a local folder, keeping their relative names. */
  public static void downloadTree(Location from, Path to) throws IOException {
    for (Location f : list(from)) {
      download(f, to.resolve(from.relativize(f)));
    }
  }

  /** Stores a local folder's files under {@code to}, keeping their relative names. */
  public static void uploadTree(Path from, Location to) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(from)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      upload(f, to.resolve(from.relativize(f).toString().replace('\\', '/')));
    }
  }

  /**
   * A local view of a stored file or folder, for code that reads local files (a decoder, an
   * evaluation): the path itself on a local disk, else a copy in the worker's {@link Scratch},
   * deleted when the view is closed.
   */
  public static Local local(Location l) throws IOException {
    if (l.isLocal()) {
      return new Local(l.path(), null);
    }
    Scratch s = Scratch.create(l.name(), 0);
    try {
      Path p = s.dir().resolve(l.name());
      if (exists(l)) {
        download(l, p);
      } else {
        Files.createDirectories(p);
        downloadTree(l, p);
      }
      return new Local(p, s);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** {@link #local}'s answer: where to read, and the scratch copy to delete after. */
  public record Local(Path path, Scratch scratch) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (scratch != null) {
        scratch.close();
      }
    }
  }

  /**
   * Puts a finished local folder ({@code fresh}) in place of {@code target}, so that a reader who
   * finds {@code marker} finds the whole new folder. On a local disk the folder is renamed ({@link
   * FileOps#replaceDirectory}: the old version is kept aside until the new one is in place). In an
   * object store, where nothing renames, the old marker is deleted first (the folder reads as
   * unfinished from then on), the new files are put, files of the old version the new one lacks are
   * deleted, and the marker is put last. {@code fresh} is gone afterwards.
   */
  public static void replaceFolder(Path fresh, Location target, String marker) throws IOException {
    if (target.isLocal()) {
      Files.createDirectories(target.path().getParent());
      FileOps.replaceDirectory(fresh, target.path());
      return;
    }
    Location mark = target.child(marker);
    delete(mark);
    Set<String> written = new HashSet<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(fresh)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      String rel = fresh.relativize(f).toString().replace('\\', '/');
      if (!rel.equals(marker)) {
        upload(f, target.resolve(rel));
        written.add(rel);
      }
    }
    for (Location old : list(target)) {
      String rel = target.relativize(old);
      if (!written.contains(rel) && !rel.equals(marker)) {
        delete(old);
      }
    }
    Path markFile = fresh.resolve(marker);
    if (Files.isRegularFile(markFile)) {
      upload(markFile, mark);
    }
    FileOps.deleteTree(fresh);
  }

  /**
   * Publishes a job's staged folder {@code from} as {@code to}, {@code last} (a manifest, say) put
   * after every other file. On a local disk the folder is renamed in ({@link
   * FileOps#replaceDirectory}), {@code from} is gone. In an object store the old {@code last} is
   * deleted first, every staged file copied, files of the old version the new lacks deleted, and
   * {@code last} copied last; {@code from} stays, so a publication cut short is done again from it.
   * Names starting with {@code skip} (a writer's temporaries) are not published.
   */
  public static void publishFolder(Location from, Location to, String last, String skip)
      throws IOException {
    if (to.isLocal()) {
      Files.createDirectories(from.path());
      try (Stream<Path> s = Files.list(from.path())) {
        for (Path p : s.toList()) {
          if (p.getFileName().toString().startsWith(skip)) {
            FileOps.deleteTree(p);
          }
        }
      }
      FileOps.replaceDirectory(from.path(), to.path());
      return;
    }
    delete(to.child(last));
    copyNew(from, to, "", skip, last);
    if (exists(from.child(last))) {
      copy(from.child(last), to.child(last));
    }
  }

  /**
   * Publishes a job's staged files {@code <prefix>*} of {@code from} into {@code to}, a folder
   * other jobs write too: the new ones put in place (renamed locally, copied in an object store),
   * then the old {@code <prefix>*} the new set lacks deleted.
   */
  public static void publishFiles(Location from, Location to, String prefix) throws IOException {
    if (to.isLocal()) {
      Files.createDirectories(to.path());
      Set<String> fresh = new HashSet<>();
      for (Location f : files(from, prefix, "")) {
        FileOps.sync(f.path());
        FileOps.moveAtomically(f.path(), to.path().resolve(f.name()));
        fresh.add(f.name());
      }
      for (Location f : files(to, prefix, "")) {
        if (!fresh.contains(f.name())) {
          delete(f);
        }
      }
      FileOps.sync(to.path());
      return;
    }
    copyNew(from, to, prefix, null, null);
  }

  /**
   * Copies {@code from}'s files named {@code prefix*} (at any depth when prefix is empty) into
   * {@code to}, except {@code skip*} and {@code last}; deletes {@code to}'s others of that prefix.
   */
  private static void copyNew(Location from, Location to, String prefix, String skip, String last)
      throws IOException {
    Set<String> fresh = new HashSet<>();
    for (Location f : list(from)) {
      String rel = from.relativize(f);
      boolean mine = prefix.isEmpty() || (!rel.contains("/") && rel.startsWith(prefix));
      if (mine && (skip == null || !rel.startsWith(skip)) && !rel.equals(last)) {
        copy(f, to.resolve(rel));
        fresh.add(rel);
      }
    }
    for (Location f : list(to)) {
      String rel = to.relativize(f);
      boolean mine = prefix.isEmpty() || (!rel.contains("/") && rel.startsWith(prefix));
      if (mine && !fresh.contains(rel) && !rel.equals(last)) {
        delete(f);
      }
    }
  }

  /**
   * After a crash, in a folder of folders each replaced by {@link #replaceFolder} (a run's
   * artifacts): the unfinished ones ({@code tmpPrefix*}) removed, the half-swapped ones brought
   * back to one whole version. Nothing to do in an object store (an unfinished folder lacks its
   * marker).
   */
  public static void recoverFolders(Location parent, String tmpPrefix) throws IOException {
    if (!parent.isLocal() || !Files.isDirectory(parent.path())) {
      return;
    }
    try (Stream<Path> s = Files.list(parent.path())) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(tmpPrefix)) {
          FileOps.deleteTree(p);
        } else if (name.endsWith(FileOps.PREVIOUS_SUFFIX)) {
          FileOps.recover(
              p.resolveSibling(
                  name.substring(0, name.length() - FileOps.PREVIOUS_SUFFIX.length())));
        }
      }
    }
  }

  /**
   * Brings a folder a crash left half replaced back to one whole version (local: {@link
   * FileOps#recover}). An object store's folder needs nothing: without its marker it reads as
   * unfinished and is redone.
   */
  public static Location recoverFolder(Location target) throws IOException {
    if (target.isLocal()) {
      FileOps.recover(target.path());
    }
    return target;
  }
}
