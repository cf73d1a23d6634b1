package io.chfen.app.cli;

import io.chfen.app.print.Summaries;
import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.dataset.process.ProcessSpec;
import io.chfen.dataset.summary.CrawlSummary;
import io.chfen.dataset.summary.ProcessSummary;
import io.chfen.files.Location;
import io.chfen.pipelines.BuildPipeline;
import io.chfen.pipelines.crawl.CrawlPipeline;
import io.chfen.pipelines.ingest.IngestPipeline;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code chfen build}: the whole dataset in one job, crawl → process → encode, on the runner the
 * runner config names (the DirectRunner by default; a Flink cluster gets the shaded job jar).
 */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = {
      "Build the dataset in one job: crawl the seeds (or bring in a folder or list: --from),"
          + " process every kept video, encode the tensor shards. --runner-config runner-configs/flink-cluster.yaml runs it on a Flink cluster"
          + " (./chfen flink-cluster start). Unrecognised --options are passed to Beam."
    })
final class BuildCommand implements Callable<Integer> {
  @Mixin CrawlOptions crawlOptions = new CrawlOptions();

  @Spec CommandSpec spec;

  @Mixin IngestOptions ingestOptions = new IngestOptions();

  @Mixin ProcessOptions processOptions = new ProcessOptions();

  @Mixin EncodeOptions encodeOptions = new EncodeOptions();

  @Mixin RunnerOptions runnerOptions = new RunnerOptions();

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    CrawlConfig crawl = crawlOptions.crawlConfig();
    Location out = crawlOptions.out(spec);
    ProcessSpec process = processOptions.config();
    boolean list = ingestOptions.from != null && !Files.isDirectory(ingestOptions.from);
    EncodeSpec encode = encodeOptions.config(null, list ? ingestOptions.from.toString() : null);
    Instant start = Instant.now();
    if (ingestOptions.from != null) {
      if (!crawlOptions.seeds.isEmpty() || crawlOptions.seedsFile != null) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--from and --seed/--seeds-file: give one source");
      }
      IngestPipeline.Options o =
          Runs.options(runnerOptions.args(beamArgs), IngestPipeline.Options.class, "chfen-build");
      ingestOptions.applyTo(o, encodeOptions.labelMapping);
      o.setOutput(out.toString());
      Runs.runWithProgress(o, () -> BuildPipeline.run(o, crawl, process, encode));
    } else {
      CrawlPipeline.Options o =
          Runs.options(runnerOptions.args(beamArgs), CrawlPipeline.Options.class, "chfen-build");
      crawlOptions.applyTo(o);
      Runs.runWithProgress(o, () -> BuildPipeline.run(o, crawl, process, encode));
    }
    CrawlSummary c = Summaries.crawl(out, System.out);
    ProcessSummary p = Summaries.process(out, c.kept(), start, System.out);
    Summaries.shards(out, System.out);
    return c.reconciles() && p.reconciles() ? 0 : 3;
  }
}
