package io.chfen.app.cli;

import io.chfen.app.print.Summaries;
import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.dataset.process.ProcessSpec;
import io.chfen.dataset.summary.CrawlSummary;
import io.chfen.dataset.summary.ProcessSummary;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.pipelines.BuildPipeline;
import io.chfen.pipelines.crawl.CrawlPipeline;
import io.chfen.sample.site.SampleSite;
import io.chfen.storage.Scratch;
import io.chfen.storage.Storage;
import io.chfen.trainer.ShardCache;
import io.chfen.trainer.TrainConfig;
import io.chfen.trainer.Training;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code chfen demo}: serves the bundled sample site on loopback and runs the pipeline on it with
 * the embedded defaults: crawl → process → encode (with the bundled sample annotations) → a short
 * CHFEN training run on the shards.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the pipeline end to end on the bundled sample site (DirectRunner): crawl → process → encode → train (a short CHFEN run).")
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      defaultValue = "out/demo",
      description = "Output directory or s3://bucket/prefix (default ${DEFAULT-VALUE}).")
  Location out;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "Port for the sample site, 0 for any free one.")
  int port;

  @Option(
      names = "--media",
      description = "Media directory for the site (default: the sample corpus).")
  Path media;

  @Mixin ProcessOptions processOptions = new ProcessOptions();

  @Mixin EncodeOptions encodeOptions = new EncodeOptions();

  @Mixin TrainOptions trainOptions = new TrainOptions();

  @Mixin RunnerOptions runnerOptions = new RunnerOptions();

  @Unmatched List<String> beamArgs = new ArrayList<>();

  /** A short run sized for the 17 sample videos: seconds on one core. */
  static TrainConfig demoTraining() {
    TrainConfig c = new TrainConfig();
    c.epochs = 30;
    c.batchSize = 8;
    c.model.d = 32;
    return c;
  }

  @Override
  public Integer call() throws Exception {
    Path corpus = Runs.media(media);
    try (SampleSite site = SampleSite.start("127.0.0.1", port, corpus, 4000)) {
      System.err.println("demo: sample site on " + site.baseUrl() + " → " + out);
      CrawlPipeline.Options o =
          Runs.options(runnerOptions.args(beamArgs), CrawlPipeline.Options.class, "chfen-demo");
      CrawlOptions.apply(o, site.seeds(), null, out);
      CrawlConfig crawl = Runs.sampleCrawlConfig();
      ProcessSpec process = processOptions.config();
      EncodeSpec encode = encodeOptions.config(EncodeSpec.SAMPLE_ANNOTATIONS);
      Instant start = Instant.now();
      Runs.runWithProgress(o, () -> BuildPipeline.run(o, crawl, process, encode));
      CrawlSummary c = Summaries.crawl(out, System.out);
      ProcessSummary p = Summaries.process(out, c.kept(), start, System.out);
      Summaries.shards(out, System.out);
      RunLayout run = RunLayout.at(out);
      if (run.isLocal()) {
        Runs.train(
            trainOptions.config(demoTraining()),
            Training.Data.open(run.shards().path()),
            run.training().path(),
            trainOptions.seeds,
            trainOptions.ablations);
      } else {
        // the trainer reads local files: the shards fetched and verified, the outputs uploaded
        try (Scratch s = Scratch.create("demo-training", 0)) {
          Path shards = ShardCache.local(run.shards(), s.dir().resolve("shards")).dir();
          Path training = s.dir().resolve(RunLayout.TRAINING);
          Runs.train(
              trainOptions.config(demoTraining()),
              Training.Data.open(shards),
              training,
              trainOptions.seeds,
              trainOptions.ablations);
          Storage.uploadTree(training, run.training());
          System.out.println("Training outputs stored in " + run.training());
        }
      }
      return c.reconciles() && p.reconciles() ? 0 : 3;
    }
  }
}
