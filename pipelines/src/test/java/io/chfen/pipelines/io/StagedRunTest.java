package io.chfen.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.files.FileOps;
import io.chfen.layout.RunLayout;
import io.chfen.schemas.Failures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real DirectRunner jobs writing through a staged run: only a job that succeeds replaces. */
class StagedRunTest {
  @TempDir Path dir;

  static final List<StagedRun.Output> OUTPUTS =
      List.of(
          StagedRun.Output.dir(RunLayout.SHARDS),
          StagedRun.Output.files(RunLayout.FAILURES, "encode"));

  /** Writes {@code rows} to shards/ and one failure file; a row "boom" fails the job. */
  private PipelineResult job(RunLayout out, List<String> rows) {
    return job(out, rows, PipelineOptionsFactory.create());
  }

  /** The same job with {@code options} (an object store's, say). */
  static PipelineResult job(RunLayout out, List<String> rows, PipelineOptions options) {
    return StagedRun.run(
        out,
        "encode",
        OUTPUTS,
        null,
        run -> {
          Pipeline p = Pipeline.create(options);
          p.apply(Create.of(rows))
              .apply(
                  MapElements.into(TypeDescriptors.strings())
                      .via(
                          (String r) -> {
                            if (r.equals("boom")) {
                              throw new IllegalStateException("a worker died on " + r);
                            }
                            if (r.equals("full")) {
                              // the kernel's ENOSPC, as from a full disk
                              try {
                                Files.writeString(Path.of("/dev/full"), r);
                              } catch (IOException e) {
                                throw new UncheckedIOException(e);
                              }
                            }
                            return r;
                          }))
              .apply(TextIO.write().to(run.staged().shards().child("part").toString()));
          p.apply("Failures", Create.of(String.join(",", rows)))
              .apply(
                  TextIO.write()
                      .to(run.staged().failures().child("encode-00000").toString())
                      .withoutSharding());
          return p;
        });
  }

  private static String rows(Path shards) throws IOException {
    try (Stream<Path> s = Files.list(shards)) {
      return s.filter(f -> f.getFileName().toString().startsWith("part"))
          .flatMap(
              f -> {
                try {
                  return Files.readAllLines(f).stream();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sorted()
          .collect(Collectors.joining(","));
    }
  }

  @Test
  void aFailingJobLeavesThePreviousOutputWhole() throws Exception {
    RunLayout out = RunLayout.at(dir.resolve("out"));
    assertEquals(PipelineResult.State.DONE, job(out, List.of("a", "b")).waitUntilFinish());
    assertEquals("a,b", rows(out.shards().path()));
    Files.writeString(out.failures().path().resolve("process-00000"), "other job's file");

    assertThrows(RuntimeException.class, () -> job(out, List.of("c", "boom")).waitUntilFinish());
    assertEquals("a,b", rows(out.shards().path()), "the previous shards are intact");
    assertFalse(
        Files.exists(out.root().path().resolve(RunLayout.STAGING)), "nothing staged is left");
    RuntimeException full =
        assertThrows(
            RuntimeException.class, () -> job(out, List.of("c", "full")).waitUntilFinish());
    assertTrue(
        Failures.stackTrace(full).contains("No space left on device"), Failures.stackTrace(full));
    assertEquals("a,b", rows(out.shards().path()), "a full disk leaves them intact too");
    assertFalse(
        Files.exists(out.root().path().resolve(RunLayout.STAGING)), "nothing staged is left");

    assertEquals(PipelineResult.State.DONE, job(out, List.of("d")).waitUntilFinish());
    assertEquals("d", rows(out.shards().path()));
    try (Stream<Path> s = Files.list(out.failures().path())) {
      assertEquals(
          List.of("encode-00000", "process-00000"),
          s.map(f -> f.getFileName().toString()).sorted().toList());
    }
    assertEquals("d", Files.readString(out.failures().path().resolve("encode-00000")).trim());
  }

  @Test
  void aSecondRunOnTheSameOutputIsRefusedNamingTheFirst() throws Exception {
    RunLayout out = RunLayout.at(dir.resolve("out"));
    try (StagedRun first = StagedRun.open(out, "process", OUTPUTS, null)) {
      UncheckedIOException e =
          assertThrows(
              UncheckedIOException.class, () -> StagedRun.open(out, "encode", OUTPUTS, null));
      assertTrue(e.getMessage().contains("another chfen run is writing"), e.getMessage());
      assertTrue(e.getMessage().contains("job process"), e.getMessage());
    }
    StagedRun.open(out, "encode", OUTPUTS, null).close(); // released
  }

  @Test
  void anUnwritableOutputFailsBeforeAnyWork() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    RunLayout out = RunLayout.at(file.resolve("out"));
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> job(out, List.of("a")));
    assertTrue(
        e.getMessage().contains("cannot write to the output " + out.root().path()), e.getMessage());
    assertTrue(e.getMessage().contains("Not a directory"), e.getMessage());
  }

  @Test
  void whatAKilledRunLeftIsCleanedAndAHalfSwapRecovered() throws Exception {
    RunLayout out = RunLayout.at(dir.resolve("out"));
    job(out, List.of("a")).waitUntilFinish();
    // killed: mid-download, mid-artifact, mid-stage and between the two renames of a swap
    Files.createDirectories(out.mediaTmp().path());
    Files.writeString(out.mediaTmp().path().resolve("x.part"), "half");
    Files.createDirectories(
        out.artifacts().path().resolve(RunLayout.ARTIFACTS_TMP_PREFIX + "v1-1"));
    Files.createDirectories(out.staging("encode").shards().path());
    Files.move(out.shards().path(), FileOps.previous(out.shards().path()));
    StagedRun.open(out, "encode", OUTPUTS, null).close();
    assertEquals("a", rows(out.shards().path()));
    assertFalse(Files.exists(FileOps.previous(out.shards().path())));
    assertFalse(Files.exists(out.mediaTmp().path()));
    assertFalse(Files.exists(out.root().path().resolve(RunLayout.STAGING)));
    try (Stream<Path> s = Files.list(out.artifacts().path())) {
      assertEquals(0, s.count());
    }
  }
}
