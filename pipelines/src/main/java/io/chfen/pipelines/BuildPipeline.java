package io.chfen.pipelines;

import io.chfen.crawl.CrawlConfig;
import io.chfen.pipelines.crawl.CrawlPipeline;
import io.chfen.pipelines.encode.EncodeConfig;
import io.chfen.pipelines.encode.EncodePipeline;
import io.chfen.pipelines.process.ProcessConfig;
import io.chfen.pipelines.process.ProcessPipeline;
import io.chfen.pipelines.process.ProcessVideos;
import io.chfen.records.VideoMetadata;
import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.values.PCollection;

/**
 * The stages chained in one Beam pipeline (crawl → process → encode): the downloaded videos flow
 * straight into processing and the processed ones into encoding; all outputs go to one directory.
 */
public final class BuildPipeline {
  private BuildPipeline() {}

  public static PipelineResult run(
      CrawlPipeline.Options o, CrawlConfig crawl, ProcessConfig process, EncodeConfig encode) {
    Path out = Path.of(o.getOutput()).toAbsolutePath();
    CrawlPipeline.prepare(out);
    ProcessPipeline.prepare(out);
    EncodePipeline.prepare(out);
    Pipeline p = Pipeline.create(o);
    PCollection<VideoMetadata> kept =
        CrawlPipeline.build(p, crawl, CrawlPipeline.seeds(o), out.toString(), o.getOutputShards());
    ProcessVideos.Result processed =
        ProcessPipeline.build(
            kept, true, process, out.toString(), out.toString(), o.getOutputShards());
    EncodePipeline.build(processed.processed, kept, encode, out.toString(), out.toString());
    return p.run();
  }
}
