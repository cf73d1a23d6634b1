package io.chfen.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.storage.LocalS3;
import io.chfen.storage.Storage;
import io.chfen.storage.StorageOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StagedRun} on a real S3 API (S3Proxy on loopback), where nothing renames: a failing job
 * leaves the previous output whole, a second run is refused while the first holds the lease, and a
 * publication a killed run left half done is completed by the next run.
 */
class ObjectStoreStagedRunTest {
  @TempDir static Path dir;
  private static LocalS3 s3;
  private static int outputs;

  @BeforeAll
  static void startS3() throws IOException {
    s3 = LocalS3.start(dir.resolve("s3"), 0).bucket("runs");
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  private static PipelineOptions options() {
    return StorageOptions.prepare(
        PipelineOptionsFactory.fromArgs(s3.options().toArray(String[]::new)).create(),
        s3.options());
  }

  private static RunLayout freshOutput() {
    options();
    return RunLayout.at(Location.of("s3://runs/out-" + ++outputs));
  }

  /** The rows of the published shards, sorted, comma-joined. */
  private static String rows(RunLayout out) throws IOException {
    List<String> rows = new ArrayList<>();
    for (Location f : Storage.files(out.shards(), "part", "")) {
      rows.addAll(Storage.readString(f).lines().toList());
    }
    return String.join(",", rows.stream().sorted().toList());
  }

  @Test
  void aFailingJobLeavesThePreviousOutputWhole() throws Exception {
    RunLayout out = freshOutput();
    assertEquals(
        PipelineResult.State.DONE,
        StagedRunTest.job(out, List.of("a", "b"), options()).waitUntilFinish());
    assertEquals("a,b", rows(out));
    Storage.writeString(out.failures().child("process-00000"), "other job's file");

    assertThrows(
        RuntimeException.class,
        () -> StagedRunTest.job(out, List.of("c", "boom"), options()).waitUntilFinish());
    assertEquals("a,b", rows(out), "the previous shards are intact");
    assertEquals(List.of(), Storage.list(out.root().child(RunLayout.STAGING)), "nothing staged");
    assertFalse(Storage.exists(out.lock()), "the lease is given back");

    assertEquals(
        PipelineResult.State.DONE,
        StagedRunTest.job(out, List.of("d"), options()).waitUntilFinish());
    assertEquals("d", rows(out));
    assertEquals(
        List.of("encode-00000", "process-00000"),
        Storage.list(out.failures()).stream().map(Location::name).toList());
    assertEquals("d", Storage.readString(out.failures().child("encode-00000")).trim());
  }

  @Test
  void aSecondRunIsRefusedWhileTheFirstHoldsTheLeaseAndAStaleLeaseIsTaken() throws Exception {
    RunLayout out = freshOutput();
    try (StagedRun first = StagedRun.open(out, "process", StagedRunTest.OUTPUTS, null)) {
      UncheckedIOException e =
          assertThrows(
              UncheckedIOException.class,
              () -> StagedRun.open(out, "encode", StagedRunTest.OUTPUTS, null));
      assertTrue(e.getMessage().contains("another chfen run is writing"), e.getMessage());
      assertTrue(e.getMessage().contains("job process"), e.getMessage());
    }
    StagedRun.open(out, "encode", StagedRunTest.OUTPUTS, null).close(); // given back

    // a killed run's lease, not renewed for longer than the stale time
    Storage.write(
        out.lock(),
        new ObjectMapper()
            .writeValueAsBytes(
                Map.of("holder", "pid 1, job crawl", "token", "dead", "renewedAt", 0)));
    StagedRun.open(out, "encode", StagedRunTest.OUTPUTS, null).close();
    assertFalse(Storage.exists(out.lock()));
  }

  @Test
  void aPublicationCutShortIsCompletedByTheNextRun() throws Exception {
    RunLayout out = freshOutput();
    StagedRunTest.job(out, List.of("a"), options()).waitUntilFinish();
    // killed after the journal and the first copies: the staged copy is whole, the output mixed
    RunLayout staged = out.staging("encode");
    Storage.writeString(staged.shards().child("part-00000-of-00002"), "x");
    Storage.writeString(staged.shards().child("part-00001-of-00002"), "y");
    Storage.writeString(staged.failures().child("encode-00000"), "x,y");
    Storage.write(
        out.publishing(),
        new ObjectMapper()
            .writeValueAsBytes(new StagedRun.Journal("encode", StagedRunTest.OUTPUTS)));
    Storage.copy(
        staged.shards().child("part-00000-of-00002"), out.shards().child("part-00000-of-00002"));

    StagedRun.open(out, "process", StagedRunTest.OUTPUTS, null).close();
    assertEquals("x,y", rows(out), "the publication was completed, the old row is gone");
    assertEquals("x,y", Storage.readString(out.failures().child("encode-00000")));
    assertFalse(Storage.exists(out.publishing()));
    assertEquals(List.of(), Storage.list(out.root().child(RunLayout.STAGING)));
  }
}
