package io.chfen.pipelines.io;

import io.chfen.files.FileOps;
import io.chfen.layout.RunLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.joda.time.Duration;

/**
 * One job's records, written aside and published only when the job succeeded, so a failing or
 * killed run never destroys the previous good output. {@link #open} takes the output's lock (a
 * second run on the same output is refused, naming the holder), checks that the output is writable
 * before any work, brings back directories a crash left half swapped, and removes what a killed run
 * left behind (its staging area, {@code *.part} downloads, unfinished artifact folders). The job
 * writes into {@link #staged()}; {@link #publishWhenDone} moves each output into place when the
 * pipeline ends {@code DONE}: a directory by {@link FileOps#replaceDirectory}, a job's files in a
 * shared directory ({@code failures/<job>-*}) file by file, each failure carrying the earlier runs'
 * failures of its item ({@link FailureHistory}). Media and artifact folders are not staged: they
 * are content-addressed or swapped one by one, and a re-run reuses what verifies.
 */
public final class StagedRun implements AutoCloseable {

  /** Checks a staged output before it is published. */
  @FunctionalInterface
  public interface Check {
    void verify(RunLayout staged) throws IOException;
  }

  /**
   * An output of a job: a whole directory of the run ({@code prefix} null), or the files named
   * {@code <prefix>-*} in a directory other jobs write too.
   */
  public record Output(String dir, String prefix) {
    public static Output dir(String name) {
      return new Output(name, null);
    }

    public static Output files(String dir, String prefix) {
      return new Output(dir, prefix);
    }
  }

  private final RunLayout out;
  private final RunLayout staged;
  private final List<Output> outputs;
  private final Check check;
  private final FileChannel lockFile;
  private final FileLock lock;
  private boolean closed;

  private StagedRun(
      RunLayout out,
      RunLayout staged,
      List<Output> outputs,
      Check check,
      FileChannel lockFile,
      FileLock lock) {
    this.out = out;
    this.staged = staged;
    this.outputs = List.copyOf(outputs);
    this.check = check;
    this.lockFile = lockFile;
    this.lock = lock;
  }

  /**
   * Opens {@code out} for {@code job}: locked, writable, cleaned of what a killed run left.
   *
   * @throws UncheckedIOException naming the output and the cause: not writable, or another run
   *     holds it
   */
  static StagedRun open(RunLayout out, String job, List<Output> outputs, Check check) {
    FileChannel ch;
    try {
      Files.createDirectories(out.root());
      ch =
          FileChannel.open(
              out.lock(),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write to the output " + out.root() + ": " + cause(e), e);
    }
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException | IOException e) {
      lock = null;
    }
    if (lock == null) {
      String holder = holder(out);
      closeQuietly(ch);
      throw new UncheckedIOException(
          new IOException(
              "another chfen run is writing "
                  + out.root()
                  + (holder.isEmpty() ? "" : " (" + holder + ")")
                  + ": wait for it to end, or choose another --out"));
    }
    StagedRun run = new StagedRun(out, out.staging(job), outputs, check, ch, lock);
    try {
      ch.truncate(0);
      ch.write(
          ByteBuffer.wrap(
              ("pid "
                      + ProcessHandle.current().pid()
                      + ", job "
                      + job
                      + ", since "
                      + Instant.now()
                      + "\n")
                  .getBytes(StandardCharsets.UTF_8)),
          0);
      run.cleanUp();
      Files.createDirectories(run.staged.root());
      if (!Files.isWritable(run.staged.root())) {
        throw new AccessDeniedException(run.staged.root().toString());
      }
    } catch (IOException e) {
      run.close();
      throw new UncheckedIOException(
          "cannot write to the output " + out.root() + ": " + cause(e), e);
    }
    return run;
  }

  /** Builds the job's pipeline, its records going to {@link StagedRun#staged()}. */
  @FunctionalInterface
  public interface Job {
    Pipeline build(StagedRun run);
  }

  /**
   * Opens {@code out} ({@link #open}), builds the job against the staged layout and runs it; the
   * result publishes when the job ends {@code DONE}. A job that fails to build or start releases
   * the output at once.
   */
  public static PipelineResult run(
      RunLayout out, String job, List<Output> outputs, Check check, Job build) {
    StagedRun run = open(out, job, outputs, check);
    try {
      return run.publishWhenDone(build.build(run).run());
    } catch (RuntimeException | Error e) {
      run.close();
      throw e;
    }
  }

  /** The layout the job writes its records into. */
  public RunLayout staged() {
    return staged;
  }

  /** The run's real output (media, artifacts). */
  public RunLayout out() {
    return out;
  }

  /**
   * {@code result}, publishing the staged records when the pipeline ends {@code DONE} and dropping
   * them otherwise; either way the lock is released.
   */
  private PipelineResult publishWhenDone(PipelineResult result) {
    return new Publishing(result);
  }

  /** Verifies the staged records and moves every output into place. */
  void publish() throws IOException {
    if (check != null) {
      check.verify(staged);
    }
    for (Output o : outputs) {
      Path from = staged.root().resolve(o.dir());
      Path to = out.root().resolve(o.dir());
      Files.createDirectories(from);
      removeBeamTemp(from);
      if (o.prefix() == null) {
        FileOps.replaceDirectory(from, to);
      } else {
        if (o.dir().equals(RunLayout.FAILURES)) {
          FailureHistory.carry(to, from, o.prefix());
        }
        replaceFiles(from, to, o.prefix());
      }
    }
    FileOps.deleteTree(out.root().resolve(RunLayout.STAGING));
  }

  /** Drops what was staged and releases the lock; nothing published is touched. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      FileOps.deleteTree(out.root().resolve(RunLayout.STAGING));
    } catch (IOException e) {
      // left for the next run to remove under its lock
    }
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel releases it too
    }
    closeQuietly(lockFile);
  }

  /** Under the lock, anything a run left half done is stale: bring back or remove it. */
  private void cleanUp() throws IOException {
    FileOps.deleteTree(out.root().resolve(RunLayout.STAGING));
    FileOps.deleteTree(out.mediaTmp());
    for (Output o : outputs) {
      if (o.prefix() == null) {
        FileOps.recover(out.root().resolve(o.dir()));
      }
    }
    if (Files.isDirectory(out.artifacts())) {
      try (Stream<Path> s = Files.list(out.artifacts())) {
        for (Path p : s.toList()) {
          String name = p.getFileName().toString();
          if (name.startsWith(RunLayout.ARTIFACTS_TMP_PREFIX)) {
            FileOps.deleteTree(p);
          } else if (name.endsWith(FileOps.PREVIOUS_SUFFIX)) {
            String target = name.substring(0, name.length() - FileOps.PREVIOUS_SUFFIX.length());
            FileOps.recover(p.resolveSibling(target));
          }
        }
      }
    }
  }

  /**
   * Moves the new {@code prefix-*} files in, then deletes the old ones the new run did not write.
   */
  private static void replaceFiles(Path from, Path to, String prefix) throws IOException {
    Files.createDirectories(to);
    Set<String> fresh = new HashSet<>();
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : s.toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(prefix + "-")) {
          FileOps.sync(f);
          FileOps.moveAtomically(f, to.resolve(name));
          fresh.add(name);
        }
      }
    }
    try (Stream<Path> s = Files.list(to)) {
      for (Path f : s.toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(prefix + "-") && !fresh.contains(name)) {
          FileOps.deleteTree(f);
        }
      }
    }
    FileOps.sync(to);
  }

  private static void removeBeamTemp(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (p.getFileName().toString().startsWith(".temp-beam")) {
          FileOps.deleteTree(p);
        }
      }
    }
  }

  private static String holder(RunLayout out) {
    try {
      return Files.readString(out.lock()).trim();
    } catch (IOException e) {
      return "";
    }
  }

  private static String cause(IOException e) {
    return e instanceof FileSystemException f && f.getReason() != null
        ? f.getFile() + ": " + f.getReason()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing was written through it that matters
    }
  }

  /** A pipeline's result that publishes or drops the staged records once, when it ends. */
  private final class Publishing implements PipelineResult {
    private final PipelineResult delegate;
    private boolean finished;

    Publishing(PipelineResult delegate) {
      this.delegate = delegate;
    }

    @Override
    public State getState() {
      return delegate.getState();
    }

    @Override
    public State cancel() throws IOException {
      try {
        return delegate.cancel();
      } finally {
        finish(State.CANCELLED);
      }
    }

    @Override
    public State waitUntilFinish(Duration duration) {
      State s = delegate.waitUntilFinish(duration);
      if (s != null && s.isTerminal()) {
        finish(s);
      }
      return s;
    }

    @Override
    public State waitUntilFinish() {
      State s;
      try {
        s = delegate.waitUntilFinish();
      } catch (RuntimeException e) {
        finish(State.FAILED);
        throw e;
      }
      finish(s);
      return s;
    }

    @Override
    public MetricResults metrics() {
      return delegate.metrics();
    }

    private synchronized void finish(State s) {
      if (finished) {
        return;
      }
      finished = true;
      try {
        if (s == State.DONE) {
          publish();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "the job ended but its output was not published into "
                + out.root()
                + ": "
                + e.getMessage(),
            e);
      } finally {
        close();
      }
    }
  }
}
