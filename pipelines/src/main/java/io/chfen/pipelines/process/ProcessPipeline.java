package io.chfen.pipelines.process;

import io.chfen.pipelines.crawl.CrawlPipeline;
import io.chfen.pipelines.io.VideoQueue;
import io.chfen.pipelines.io.WriteParquet;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Schemas;
import java.nio.file.Path;
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
  public static final String PROCESSED = "processed";
  public static final String FAILURE_PREFIX = "process";

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

  public static PipelineResult run(Options o, ProcessConfig config) {
    Path out = Path.of(o.getOutput()).toAbsolutePath();
    prepare(out);
    Pipeline p = Pipeline.create(o);
    Path in = Path.of(o.getInput()).toAbsolutePath();
    PCollection<VideoMetadata> videos =
        p.apply("ReadMetadata", Read.from(VideoQueue.of(in.resolve(CrawlPipeline.METADATA))));
    build(videos, false, config, in.toString(), out.toString(), o.getOutputShards());
    return p.run();
  }

  /** Clears the previous run's process records in {@code out} (artifacts stay, for resuming). */
  public static void prepare(Path out) {
    CrawlPipeline.clearOutputs(out, PROCESSED, null);
    CrawlPipeline.clearOutputs(out, CrawlPipeline.FAILURES, FAILURE_PREFIX);
  }

  /**
   * Adds the process stage after {@code videos}; {@code spread}: whether they must be spread over
   * the workers first (false for a {@link VideoQueue}).
   */
  public static ProcessVideos.Result build(
      PCollection<VideoMetadata> videos,
      boolean spread,
      ProcessConfig config,
      String mediaRoot,
      String out,
      int shards) {
    ProcessVideos process = ProcessVideos.with(config, mediaRoot, out);
    ProcessVideos.Result r =
        videos.apply("ProcessVideos", spread ? process : process.alreadySpread());
    r.processed.apply(
        "WriteProcessed",
        WriteParquet.to(Schemas.VIDEO_ARTIFACTS, out + "/" + PROCESSED, PROCESSED, shards));
    r.failures.apply(
        "WriteProcessFailures",
        WriteParquet.to(
            Schemas.FAILURE, out + "/" + CrawlPipeline.FAILURES, FAILURE_PREFIX, shards));
    return r;
  }
}
