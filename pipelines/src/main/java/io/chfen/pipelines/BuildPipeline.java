package io.chfen.pipelines;

import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.dataset.process.ProcessSpec;
import io.chfen.layout.RunLayout;
import io.chfen.pipelines.crawl.CrawlPipeline;
import io.chfen.pipelines.encode.EncodePipeline;
import io.chfen.pipelines.io.StagedRun;
import io.chfen.pipelines.process.ProcessPipeline;
import io.chfen.pipelines.process.ProcessVideos;
import io.chfen.records.VideoMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
      CrawlPipeline.Options o, CrawlConfig crawl, ProcessSpec process, EncodeSpec encode) {
    RunLayout out = RunLayout.at(Path.of(o.getOutput()));
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
          PCollection<VideoMetadata> kept =
              CrawlPipeline.build(
                  p, crawl, CrawlPipeline.seeds(o), run.staged(), out, o.getOutputShards());
          ProcessVideos.Result processed =
              ProcessPipeline.build(kept, processVideos, run.staged(), o.getOutputShards());
          EncodePipeline.build(processed.processed, kept, encode, root, run.staged());
          return p;
        });
  }

  /** The staging name of the whole build. */
  public static final String JOB = "build";
}
