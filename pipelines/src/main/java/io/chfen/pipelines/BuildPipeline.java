package io.chfen.pipelines;

import io.chfen.crawl.CrawlConfig;
import io.chfen.pipelines.crawl.CrawlPipeline;
import io.chfen.pipelines.process.ProcessConfig;
import io.chfen.pipelines.process.ProcessPipeline;
import io.chfen.records.VideoMetadata;
import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.values.PCollection;

/**
 * The stages chained in one Beam pipeline (crawl → process today; encode joins later): the
 * downloaded videos flow straight into processing, and all outputs go to one directory.
 */
public final class BuildPipeline {
  private BuildPipeline() {}

  public static PipelineResult run(
      CrawlPipeline.Options o, CrawlConfig crawl, ProcessConfig process) {
    Path out = Path.of(o.getOutput()).toAbsolutePath();
    CrawlPipeline.prepare(out);
    ProcessPipeline.prepare(out);
    Pipeline p = Pipeline.create(o);
    PCollection<VideoMetadata> kept =
        CrawlPipeline.build(p, crawl, CrawlPipeline.seeds(o), out.toString(), o.getOutputShards());
    ProcessPipeline.build(kept, process, out.toString(), out.toString(), o.getOutputShards());
    return p.run();
  }
}
