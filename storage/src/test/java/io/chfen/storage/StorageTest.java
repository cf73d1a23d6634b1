package io.chfen.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.files.FileOps;
import io.chfen.files.Location;
import io.chfen.records.Failure;
import io.chfen.schemas.Failures;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.ShardManifest;
import io.chfen.schemas.Stage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract for both stores: a local folder, and a bucket on a real S3 server over HTTP (S3Proxy
 * on loopback, through Beam's S3 file system and the AWS SDK).
 */
class StorageTest {
  @TempDir static Path tmp;
  private static LocalS3 s3;
  private static int runs;

  @BeforeAll
  static void startS3() throws IOException {
    s3 = LocalS3.start(tmp.resolve("s3"), 0).bucket("test");
    StorageOptions.fromArgs(s3.options());
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  static Stream<String> stores() {
    return Stream.of("local", "s3");
  }

  /** A fresh folder in the store. */
  private static Location root(String store) {
    runs++;
    return store.equals("local")
        ? Location.of(tmp.resolve("local-" + runs))
        : Location.of("s3://test/run-" + runs);
  }

  @ParameterizedTest
  @MethodSource("stores")
  void aWholeWriteReadsBackAndMissingFilesAreNamed(String store) throws IOException {
    Location root = root(store);
    Location f = root.child("a/b.json");
    assertFalse(Storage.exists(f));
    assertEquals(-1, Storage.size(f));
    FileNotFoundException missing =
        assertThrows(FileNotFoundException.class, () -> Storage.readBytes(f));
    assertTrue(missing.getMessage().contains(f.toString()), missing.getMessage());

    Storage.writeString(f, "first");
    Storage.writeString(f, "second, longer");
    assertEquals("second, longer", Storage.readString(f));
    assertEquals(14, Storage.size(f));
    assertEquals(
        FileOps.sha256(write(tmp.resolve("expect-" + runs), "second, longer")), Storage.sha256(f));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void seekableReadsGoStraightToAnOffset(String store) throws IOException {
    Location f = root(store).child("bytes.bin");
    byte[] bytes = new byte[300_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    Storage.write(f, bytes);
    try (SeekableByteChannel ch = Storage.openSeekable(f)) {
      ch.position(250_000);
      ByteBuffer b = ByteBuffer.allocate(10);
      while (b.hasRemaining() && ch.read(b) > 0) {}
      byte[] want = new byte[10];
      System.arraycopy(bytes, 250_000, want, 0, 10);
      assertArrayEquals(want, b.array());
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void listingIsRecursiveSortedAndFilesFilterByName(String store) throws IOException {
    Location root = root(store);
    for (String n : List.of("z.parquet", "a.parquet", "sub/c.parquet", "crawl-1.parquet")) {
      Storage.writeString(root.child(n), n);
    }
    assertEquals(
        List.of("a.parquet", "crawl-1.parquet", "sub/c.parquet", "z.parquet"),
        Storage.list(root).stream().map(root::relativize).toList());
    assertEquals(
        List.of("crawl-1.parquet"),
        Storage.files(root, "crawl-", ".parquet").stream().map(Location::name).toList());
    assertEquals(List.of(), Storage.list(root.child("nothing-here")));

    Storage.deleteTree(root.child("sub"));
    assertEquals(3, Storage.list(root).size());
    Storage.delete(root.child("a.parquet"));
    Storage.delete(root.child("a.parquet")); // nothing to delete is no error
    assertEquals(2, Storage.list(root).size());
  }

  @ParameterizedTest
  @MethodSource("stores")
  void recordsAndTheManifestRoundTrip(String store) throws IOException {
    Location root = root(store);
    List<Failure> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rows.add(
          Failures.of("v" + i, Stage.PROCESS, "decode_error", "message " + i)
              .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L + i))
              .build());
    }
    StoredRecords.write(
        root.child("failures/process-00000-of-00001.parquet"), Schemas.FAILURE, rows);
    List<Failure> back = StoredRecords.readAll(root.child("failures"), Schemas.FAILURE);
    assertEquals(rows, back);

    // a shard set made locally, uploaded, then read and verified where it is
    Path local = Files.createDirectories(tmp.resolve("shards-" + runs));
    ShardManifest m =
        ShardManifest.writeShards(
            local,
            java.util.Map.of(ShardManifest.TRAIN, List.<io.chfen.records.EncodedSample>of()),
            1,
            1 << 20);
    Location shards = root.child("shards");
    Storage.uploadTree(local, shards);
    ShardManifest read = StoredRecords.manifest(shards);
    assertEquals(m.shards(), read.shards());
    StoredRecords.verifyShards(shards, read, true);
    if (!m.shards().isEmpty()) {
      Storage.writeString(shards.child(m.shards().get(0).file()), "tampered");
      IOException bad =
          assertThrows(IOException.class, () -> StoredRecords.verifyShards(shards, read, true));
      assertTrue(bad.getMessage().contains(m.shards().get(0).file()), bad.getMessage());
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void aReplacedFolderIsWholeOnceItsMarkerIsThere(String store) throws IOException {
    Location target = root(store).child("artifacts/v1");
    Path first = Files.createDirectories(tmp.resolve("first-" + runs));
    write(first.resolve("old-only.txt"), "old");
    write(first.resolve("keyframes/0001.jpg"), "frame");
    write(first.resolve("artifacts.json"), "{\"v\":1}");
    Storage.replaceFolder(first, target, "artifacts.json");
    assertFalse(Files.exists(first), "the fresh folder is moved or removed");
    assertEquals("{\"v\":1}", Storage.readString(target.child("artifacts.json")));

    Path second = Files.createDirectories(tmp.resolve("second-" + runs));
    write(second.resolve("keyframes/0001.jpg"), "frame 2");
    write(second.resolve("artifacts.json"), "{\"v\":2}");
    Storage.replaceFolder(second, target, "artifacts.json");
    assertEquals(
        List.of("artifacts.json", "keyframes/0001.jpg"),
        Storage.list(target).stream().map(target::relativize).toList(),
        "what the old version had and the new lacks is gone");
    assertEquals("frame 2", Storage.readString(target.child("keyframes/0001.jpg")));

    try (Storage.Local copy = Storage.local(target)) {
      assertEquals("{\"v\":2}", Files.readString(copy.path().resolve("artifacts.json")));
      assertEquals(store.equals("local"), copy.scratch() == null);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void aPublishedFolderHasItsManifestLastAndNoStaleFiles(String store) throws IOException {
    Location root = root(store);
    Location staged = root.child(".staging/build/shards");
    Location published = root.child("shards");
    Storage.writeString(published.child("train/old.parquet"), "old");
    Storage.writeString(published.child("manifest.json"), "old");
    Storage.writeString(staged.child("train/new.parquet"), "new");
    Storage.writeString(staged.child(".temp-beam-1/x"), "temporary");
    Storage.writeString(staged.child("manifest.json"), "new");
    Storage.publishFolder(staged, published, "manifest.json", ".temp-beam");
    assertEquals(
        List.of("manifest.json", "train/new.parquet"),
        Storage.list(published).stream().map(published::relativize).toList());
    assertEquals("new", Storage.readString(published.child("manifest.json")));

    Location failures = root.child("failures");
    Storage.writeString(failures.child("crawl-00000-of-00001.parquet"), "crawl's");
    Storage.writeString(failures.child("build-00000-of-00002.parquet"), "old build");
    Storage.writeString(root.child("f/build-00000-of-00001.parquet"), "new build");
    Storage.publishFiles(root.child("f"), failures, "build-");
    assertEquals(
        List.of("build-00000-of-00001.parquet", "crawl-00000-of-00001.parquet"),
        Storage.list(failures).stream().map(Location::name).toList(),
        "another job's files stay");
  }

  @ParameterizedTest
  @MethodSource("stores")
  void namesThatClimbOutAreRefused(String store) {
    Location root = root(store);
    for (String bad : List.of("../x", "a/../../x", "", "a//b", "a\\b", "./a")) {
      assertThrows(IOException.class, () -> root.resolve(bad), bad);
    }
  }

  @org.junit.jupiter.api.Test
  void scratchRefusesWorkThatDoesNotFit() throws IOException {
    IOException e =
        assertThrows(IOException.class, () -> Scratch.create("huge video", Long.MAX_VALUE));
    assertTrue(e.getMessage().contains("huge video"), e.getMessage());
    Path dir;
    try (Scratch s = Scratch.create("v1", 1)) {
      dir = s.dir();
      write(dir.resolve("a/b"), "x");
    }
    assertFalse(Files.exists(dir), "a scratch folder is deleted when closed");
  }

  private static Path write(Path f, String text) throws IOException {
    Files.createDirectories(f.getParent());
    return Files.writeString(f, text, StandardCharsets.UTF_8);
  }
}
