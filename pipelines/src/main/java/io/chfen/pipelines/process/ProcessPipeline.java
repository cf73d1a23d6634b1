package io.chfen.pipelines.process;

import io.chfen.dataset.process.ProcessSpec;
import io.chfen.layout.RunLayout;
import io.chfen.pipelines.io.StagedRun;
import io.chfen.pipelines.io.VideoQueue;
import io.chfen.pipelines.io.WriteParquet;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.Stage;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.values.PCollection;

/**
 * The process stage: kept videos → {@link ProcessVideos} → {@code artifacts/<id>/}, {@code
 * processed/} (VideoArtifacts) and {@code failures/process-*} (dead letter).
 */
public final class ProcessPipeline {
  private ProcessPipeline() {}

  /** Options of the process stage run alone. */
  public interface Options extends PipelineOptions {
    @Description("The crawl stage's output directory (metadata/ and media/)")
    @Validation.Required
    String getInput();

    void setInput(String value);

    @Description("Output directory (artifacts/, processed/, failures/)")
    @Validation.Required
    String getOutput();

    void setOutput(String value);

    @Description("Parquet files per output (0: the runner decides)")
    @Default.Integer(1)
    int getOutputShards();

    void setOutputShards(int value);
  }

  public static PipelineResult run(Options o, ProcessSpec config) {
    RunLayout in = RunLayout.at(Path.of(o.getInput()));
    RunLayout out = RunLayout.at(Path.of(o.getOutput()));
    // a bad setting fails here, before any work
    ProcessVideos process = ProcessVideos.with(config, in.root().toString(), out.root().toString());
    return StagedRun.run(
        out,
        Stage.PROCESS.job(),
        OUTPUTS,
        null,
        run -> {
          Pipeline p = Pipeline.create(o);
          PCollection<VideoMetadata> videos =
              p.apply("ReadMetadata", Read.from(VideoQueue.of(in.metadata())));
          build(videos, process.alreadySpread(), run.staged(), o.getOutputShards());
          return p;
        });
  }

  /**
   * What the process stage writes, published together when it succeeds (artifacts are swapped one
   * folder at a time, and stay for resuming).
   */
  public static final List<StagedRun.Output> OUTPUTS =
      List.of(
          StagedRun.Output.dir(RunLayout.PROCESSED),
          StagedRun.Output.files(RunLayout.FAILURES, Stage.PROCESS.job()));

  /** Adds {@code process} after {@code videos} and writes its records into {@code out}'s layout. */
  public static ProcessVideos.Result build(
      PCollection<VideoMetadata> videos, ProcessVideos process, RunLayout out, int shards) {
    ProcessVideos.Result r = videos.apply("ProcessVideos", process);
    r.processed.apply(
        "WriteProcessed",
        WriteParquet.to(
            Schemas.VIDEO_ARTIFACTS, out.processed().toString(), RunLayout.PROCESSED, shards));
    r.failures.apply(
        "WriteProcessFailures",
        WriteParquet.to(Schemas.FAILURE, out.failures().toString(), Stage.PROCESS.job(), shards));
    return r;
  }
}
