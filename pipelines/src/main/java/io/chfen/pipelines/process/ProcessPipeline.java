package io.chfen.pipelines.process;

import io.chfen.dataset.process.ProcessSpec;
import io.chfen.layout.RunLayout;
import io.chfen.pipelines.ItemSteps;
import io.chfen.pipelines.io.Records;
import io.chfen.pipelines.io.Retry;
import io.chfen.pipelines.io.StagedRun;
import io.chfen.pipelines.io.VideoQueue;
import io.chfen.pipelines.io.WriteParquet;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.Stage;
import io.chfen.storage.StoredRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

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

    @Description(
        "Process only the videos the last run dead-lettered or never finished; the rest are"
            + " carried over as they are")
    @Default.Boolean(false)
    boolean getRetryFailed();

    void setRetryFailed(boolean value);
  }

  public static PipelineResult run(Options o, ProcessSpec config) {
    RunLayout in = RunLayout.at(o.getInput());
    RunLayout out = RunLayout.at(o.getOutput());
    // a bad setting fails here, before any work
    ProcessVideos process = ProcessVideos.with(config, in.root().toString(), out.root().toString());
    List<VideoArtifacts> carried = o.getRetryFailed() ? finished(out) : List.of();
    HashSet<String> skip = new HashSet<>();
    carried.forEach(a -> skip.add(a.getId().toString()));
    return StagedRun.run(
        out,
        Stage.PROCESS.job(),
        OUTPUTS,
        null,
        run -> {
          Pipeline p = Pipeline.create(o);
          PCollection<VideoMetadata> videos =
              p.apply("ReadMetadata", Read.from(VideoQueue.of(in.metadata())));
          if (!skip.isEmpty()) {
            videos =
                videos.apply(
                    "OnlyUnfinished", Filter.by(v -> !skip.contains(v.getId().toString())));
          }
          build(videos, process.alreadySpread(), run.staged(), o.getOutputShards(), carried);
          return p;
        });
  }

  /** The published processed rows of the videos whose last run did not fail. */
  static List<VideoArtifacts> finished(RunLayout out) {
    Set<String> failed = Retry.failed(out, Stage.PROCESS);
    try {
      return StoredRecords.<VideoArtifacts>readAll(out.processed(), Schemas.VIDEO_ARTIFACTS)
          .stream()
          .filter(a -> !failed.contains(a.getId().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + out.processed(), e);
    }
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
    return build(videos, process, out, shards, List.of());
  }

  /** The same, with {@code carried} (finished in an earlier run) written beside the new rows. */
  static ProcessVideos.Result build(
      PCollection<VideoMetadata> videos,
      ProcessVideos process,
      RunLayout out,
      int shards,
      List<VideoArtifacts> carried) {
    ProcessVideos.Result r = videos.apply(ItemSteps.PROCESS.composite(), process);
    PCollection<VideoArtifacts> processed = r.processed;
    if (!carried.isEmpty()) {
      processed =
          PCollectionList.of(processed)
              .and(
                  videos
                      .getPipeline()
                      .apply("Carried", Create.of(carried).withCoder(Records.VIDEO_ARTIFACTS)))
              .apply("WithCarried", Flatten.pCollections());
    }
    processed.apply(
        "WriteProcessed",
        WriteParquet.to(
            Schemas.VIDEO_ARTIFACTS, out.processed().toString(), RunLayout.PROCESSED, shards));
    r.failures.apply(
        "WriteProcessFailures",
        WriteParquet.to(Schemas.FAILURE, out.failures().toString(), Stage.PROCESS.job(), shards));
    return r;
  }
}
