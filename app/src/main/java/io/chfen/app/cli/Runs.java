package io.chfen.app.cli;

import io.chfen.app.flink.FlinkJobProgress;
import io.chfen.app.print.ProgressLine;
import io.chfen.app.print.TrainingProgress;
import io.chfen.app.print.TrainingTables;
import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.pipelines.StageCounter;
import io.chfen.sample.SampleData;
import io.chfen.sample.site.SampleSite;
import io.chfen.storage.StorageOptions;
import io.chfen.trainer.Experiment;
import io.chfen.trainer.TrainConfig;
import io.chfen.trainer.Training;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * What the commands share around their work: Beam options, a progress line and the wait for a
 * pipeline; a training run with its progress and tables; the sample inputs.
 */
public final class Runs {
  private Runs() {}

  /** Beam options from the command's pass-through arguments (--runner=..., ...). */
  static <T extends PipelineOptions> T options(
      List<String> beamArgs, Class<T> type, String jobName) {
    T o = PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new)).as(type);
    o.setJobName(jobName);
    return StorageOptions.prepare(o, beamArgs);
  }

  /**
   * A CPU-bound stage on the DirectRunner: one worker thread per core the JVM may use, unless the
   * runner config or the command line sets {@code --targetParallelism}. Beam's default (the cores,
   * at least 3) time-slices three videos on one core, and its scheduler spins on the spare thread:
   * 108.6 s against 83.5 s for the demo's 18 videos on one core (docs/benchmarks.md).
   */
  static void oneWorkerPerCore(PipelineOptions o, List<String> beamArgs) {
    boolean set = beamArgs.stream().anyMatch(a -> a.startsWith("--targetParallelism"));
    if (!set && o.getRunner().getSimpleName().equals("DirectRunner")) {
      o.as(DirectOptions.class).setTargetParallelism(Runtime.getRuntime().availableProcessors());
    }
  }

  /**
   * Object storage for a command that runs no pipeline (the trainer, the report): the S3 options of
   * its runner config and command line ({@code --endpoint}, {@code --awsRegion}, …).
   */
  static void storage(List<String> args) {
    StorageOptions.fromArgs(args);
  }

  /**
   * Runs a pipeline with the live progress line and waits until it ends; fails unless DONE. On a
   * Flink cluster the counters live in the TaskManagers, so the line shows the job's progress from
   * the cluster's REST API instead.
   */
  static void runWithProgress(PipelineOptions o, Supplier<PipelineResult> start) {
    StageCounter.reset();
    String master = flinkMaster(o);
    Supplier<String> line =
        master == null ? ProgressLine::counters : new FlinkJobProgress(master)::line;
    ProgressLine progress = new ProgressLine(System.err, line);
    try (progress) {
      PipelineResult.State state = start.get().waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("pipeline ended " + state);
      }
    }
  }

  /** The Flink cluster's REST address when the job goes to one, else null. */
  static String flinkMaster(PipelineOptions o) {
    if (!o.getRunner().getSimpleName().equals("FlinkRunner")) {
      return null;
    }
    String master = o.as(FlinkPipelineOptions.class).getFlinkMaster();
    return master == null || master.startsWith("[") ? null : master;
  }

  /** Trains as configured with a progress bar, prints the tables, returns the summary. */
  static Experiment.Summary train(
      TrainConfig cfg, Training.Data data, Path dest, int seeds, boolean ablations)
      throws java.io.IOException {
    System.err.printf(
        Locale.ROOT,
        "train: %d train, %d validation, %d test rows from %s → %s%n",
        data.train().size(),
        data.validation().size(),
        data.test().size(),
        data.dir(),
        dest.toAbsolutePath());
    if (data.validation().size() == 0) {
      System.err.println(
          "train: no validation rows: no early stopping, the best checkpoint is the lowest training loss");
    }
    Experiment.Summary s;
    try (TrainingProgress p = new TrainingProgress(System.err)) {
      s = Experiment.run(cfg, data, dest, seeds, ablations, p);
    }
    TrainingTables.summary(s, System.out);
    return s;
  }

  /** The repository: the parent of chfen.home, which the launcher sets to its .chfen. */
  public static Path repository() {
    return SampleData.home().getParent();
  }

  /** The given media directory, else the sample corpus (generated on first use). */
  public static Path media(Path given) {
    return given != null ? given.toAbsolutePath() : SampleData.corpus();
  }

  /** The demo's crawl config: the sample site's. */
  static CrawlConfig sampleCrawlConfig() {
    return CrawlConfig.fromYaml(SampleSite.crawlConfigYaml());
  }
}
