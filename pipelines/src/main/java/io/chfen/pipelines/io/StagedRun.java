package io.chfen.pipelines.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.schemas.ShardManifest;
import io.chfen.storage.OutputLock;
import io.chfen.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.joda.time.Duration;

/**
 * One job's records, written aside and published only when the job succeeded, so a failing or
 * killed run never destroys the previous good output. {@link #open} takes the output's lock ({@link
 * OutputLock}: a second run on the same output is refused, naming the holder), checks that the
 * output is writable before any work, and brings back what a killed run left half done. The job
 * writes into {@link #staged()}; {@link #publishWhenDone} puts each output in place when the
 * pipeline ends {@code DONE}: a folder by {@link Storage#publishFolder} (renamed in on a local
 * disk; copied with {@code manifest.json} last in an object store), a job's files in a shared
 * folder ({@code failures/<job>-*}) by {@link Storage#publishFiles}, each failure carrying the
 * earlier runs' failures of its item ({@link FailureHistory}). Object stores have no rename, so
 * there a journal ({@link RunLayout#publishing}) is put before the first copy and deleted after the
 * last: the next run on the output finds it and completes the publication from the staged copy.
 * Media and artifact folders are not staged: they are content-addressed or replaced one by one, and
 * a re-run reuses what verifies.
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

  /** Beam's FileIO temporaries, left in a staged folder by a killed writer. */
  private static final String BEAM_TEMP = ".temp-beam";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunLayout out;
  private final RunLayout staged;
  private final String job;
  private final List<Output> outputs;
  private final Check check;
  private final OutputLock lock;
  private boolean closed;

  private StagedRun(RunLayout out, String job, List<Output> outputs, Check check, OutputLock lock) {
    this.out = out;
    this.staged = out.staging(job);
    this.job = job;
    this.outputs = List.copyOf(outputs);
    this.check = check;
    this.lock = lock;
  }

  /**
   * Opens {@code out} for {@code job}: locked, writable, cleaned of what a killed run left.
   *
   * @throws UncheckedIOException naming the output and the cause: not writable, or another run
   *     holds it
   */
  static StagedRun open(RunLayout out, String job, List<Output> outputs, Check check) {
    OutputLock lock;
    try {
      lock = OutputLock.take(out, job);
    } catch (IOException e) {
      throw new UncheckedIOException(
          e.getMessage().startsWith("another chfen run")
              ? e.getMessage()
              : "cannot write to the output " + out.root() + ": " + cause(e),
          e);
    }
    StagedRun run = new StagedRun(out, job, outputs, check, lock);
    try {
      run.cleanUp();
      // writable before any work: a probe put where the job's records will go
      Location probe = run.staged.root().child(".probe");
      Storage.writeString(probe, job);
      Storage.delete(probe);
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

  /** Verifies the staged records and puts every output in place. */
  void publish() throws IOException {
    if (check != null) {
      check.verify(staged);
    }
    for (Output o : outputs) {
      if (o.dir().equals(RunLayout.FAILURES) && o.prefix() != null) {
        FailureHistory.carry(out.root().child(o.dir()), staged.root().child(o.dir()), o.prefix());
      }
    }
    if (!out.isLocal()) {
      // from here on the staged copy is complete: a publication cut short is redone from it
      Storage.write(out.publishing(), JSON.writeValueAsBytes(new Journal(job, outputs)));
    }
    placeOutputs(staged.root(), outputs);
    if (!out.isLocal()) {
      Storage.delete(out.publishing());
    }
    Storage.deleteTree(out.root().child(RunLayout.STAGING));
  }

  /** What a publication in an object store is doing, put before its first copy. */
  record Journal(String job, List<Output> outputs) {}

  private void placeOutputs(Location from, List<Output> outputs) throws IOException {
    for (Output o : outputs) {
      Location src = from.child(o.dir());
      Location dst = out.root().child(o.dir());
      if (o.prefix() == null) {
        Storage.publishFolder(src, dst, ShardManifest.FILE, BEAM_TEMP);
      } else {
        Storage.publishFiles(src, dst, o.prefix() + "-");
      }
    }
  }

  /** Drops what was staged and releases the lock; nothing published is touched. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Storage.deleteTree(out.root().child(RunLayout.STAGING));
    } catch (IOException e) {
      // left for the next run to remove under its lock
    }
    lock.close();
  }

  /** Under the lock, anything a run left half done is stale: complete, bring back or remove it. */
  private void cleanUp() throws IOException {
    if (!out.isLocal() && Storage.exists(out.publishing())) {
      rollForward();
    }
    Storage.deleteTree(out.root().child(RunLayout.STAGING));
    if (!out.isLocal()) {
      return; // no temporaries: media and artifacts are received in the workers' scratch
    }
    Storage.deleteTree(out.mediaTmp());
    for (Output o : outputs) {
      if (o.prefix() == null) {
        Storage.recoverFolder(out.root().child(o.dir()));
      }
    }
    Storage.recoverFolders(out.artifacts(), RunLayout.ARTIFACTS_TMP_PREFIX);
  }

  /** Completes the publication a killed run began: every job's staged copy is complete. */
  private void rollForward() throws IOException {
    Journal was = JSON.readValue(Storage.readBytes(out.publishing()), Journal.class);
    placeOutputs(out.staging(was.job()).root(), was.outputs());
    Storage.delete(out.publishing());
  }

  private static String cause(IOException e) {
    return e instanceof FileSystemException f && f.getReason() != null
        ? f.getFile() + ": " + f.getReason()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
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
