package io.chfen.pipelines;

import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.dataset.ingest.IngestSource;
import io.chfen.dataset.process.ProcessSpec;
import io.chfen.layout.RunLayout;
import io.chfen.pipelines.crawl.CrawlPipeline;
import io.chfen.pipelines.encode.EncodePipeline;
import io.chfen.pipelines.ingest.IngestPipeline;
import io.chfen.pipelines.io.StagedRun;
import io.chfen.pipelines.process.ProcessPipeline;
import io.chfen.pipelines.process.ProcessVideos;
import io.chfen.records.VideoMetadata;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.PCollection;

/**
 * The stages chained in one Beam pipeline (crawl or ingest → process → encode): the videos kept by
 * the first stage flow straight into processing and the processed ones into encoding; all outputs
 * go to one directory.
 */
public final class BuildPipeline {
  private BuildPipeline() {}

  /** The first stage: adds itself to the pipeline, returns the kept videos with their media. */
  @FunctionalInterface
  interface FirstStage {
    PCollection<VideoMetadata> build(Pipeline p, RunLayout staged, RunLayout out);
  }

  /** Crawl → process → encode. */
  public static PipelineResult run(
      CrawlPipeline.Options o, CrawlConfig crawl, ProcessSpec process, EncodeSpec encode) {
    return run(
        o,
        o.getOutput(),
        o.getOutputShards(),
        process,
        encode,
        (p, staged, out) ->
            CrawlPipeline.build(
                p, crawl, CrawlPipeline.seeds(o), staged, out, o.getOutputShards()));
  }

  /** Ingest (a folder or a list) → process → encode. */
  public static PipelineResult run(
      IngestPipeline.Options o, CrawlConfig crawl, ProcessSpec process, EncodeSpec encode) {
    IngestSource source = IngestPipeline.source(o);
    return run(
        o,
        o.getOutput(),
        o.getOutputShards(),
        process,
        encode,
        (p, staged, out) ->
            IngestPipeline.build(p, crawl, source, staged, out, o.getOutputShards()));
  }

  private static PipelineResult run(
      PipelineOptions o,
      String output,
      int shards,
      ProcessSpec process,
      EncodeSpec encode,
      FirstStage first) {
    RunLayout out = RunLayout.at(output);
    String root = out.root().toString();
    // bad settings fail here, before any work
    ProcessVideos processVideos = ProcessVideos.with(process, root, root);
    encode.validate();
    List<StagedRun.Output> outputs = new ArrayList<>(CrawlPipeline.OUTPUTS);
    outputs.addAll(ProcessPipeline.OUTPUTS);
    outputs.addAll(EncodePipeline.OUTPUTS);
    return StagedRun.run(
        out,
        JOB,
        outputs,
        EncodePipeline::verify,
        run -> {
          Pipeline p = Pipeline.create(o);
          PCollection<VideoMetadata> kept = first.build(p, run.staged(), out);
          ProcessVideos.Result processed =
              ProcessPipeline.build(kept, processVideos, run.staged(), shards);
          EncodePipeline.build(processed.processed, kept, encode, root, run.staged());
          return p;
        });
  }

  /** The staging name of the whole build. */
  public static final String JOB = "build";
}
