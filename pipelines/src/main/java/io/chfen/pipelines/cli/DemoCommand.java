package io.chfen.pipelines.cli;

import io.chfen.crawl.CrawlConfig;
import io.chfen.pipelines.BuildPipeline;
import io.chfen.pipelines.crawl.CrawlPipeline;
import io.chfen.pipelines.crawl.CrawlSummary;
import io.chfen.pipelines.encode.EncodeConfig;
import io.chfen.pipelines.encode.EncodePipeline;
import io.chfen.pipelines.process.ProcessConfig;
import io.chfen.pipelines.process.ProcessSummary;
import io.chfen.samplesite.SampleData;
import io.chfen.samplesite.SampleSite;
import io.chfen.trainer.TrainConfig;
import io.chfen.trainer.Training;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
      description = "Output directory (default ${DEFAULT-VALUE}).")
  Path out;

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

  /** The demo's crawl config, embedded beside the sample site. */
  static CrawlConfig sampleConfig() throws IOException {
    try (InputStream in = SampleSite.class.getResourceAsStream("sample-crawl.yaml")) {
      return CrawlConfig.fromYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** The given media directory, else the sample corpus (generated on first use). */
  static Path mediaDir(Path given) throws IOException {
    if (given != null) {
      return given.toAbsolutePath();
    }
    return SampleData.corpus(s -> System.err.println("sample: " + s));
  }

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
    Path corpus = mediaDir(media);
    try (SampleSite site = SampleSite.start("127.0.0.1", port, corpus, 4000)) {
      System.err.println("demo: sample site on " + site.baseUrl() + " → " + out.toAbsolutePath());
      CrawlPipeline.Options o =
          Runs.options(runnerOptions.args(beamArgs), CrawlPipeline.Options.class, "chfen-demo");
      CrawlCommand.setSeeds(o, site.seeds(), null, out);
      CrawlConfig crawl = sampleConfig();
      ProcessConfig process = processOptions.config();
      EncodeConfig encode = encodeOptions.config("sample");
      Instant start = Instant.now();
      Runs.runWithProgress(o, () -> BuildPipeline.run(o, crawl, process, encode));
      CrawlSummary c = CrawlCommand.printCrawlSummary(out);
      ProcessSummary p = ProcessCommand.printProcessSummary(out, c.kept(), start);
      EncodeCommand.printManifestSummary(out);
      TrainCommand.train(
          trainOptions.config(demoTraining()),
          Training.Data.open(out.resolve(EncodePipeline.SHARDS)),
          out.resolve("training"),
          trainOptions.seeds,
          trainOptions.ablations);
      return c.reconciles() && p.reconciles() ? 0 : 3;
    }
  }
}
