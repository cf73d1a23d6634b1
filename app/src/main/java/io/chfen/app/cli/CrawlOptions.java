package io.chfen.app.cli;

import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.files.Location;
import io.chfen.pipelines.crawl.CrawlPipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** What to crawl and where the outputs go: the options of every command that crawls. */
final class CrawlOptions {
  @Option(
      names = "--seed",
      description = "A seed URL: listing page, sitemap or video page (repeatable).")
  List<String> seeds = new ArrayList<>();

  @Option(names = "--seeds-file", description = "A file of seed URLs, one per line.")
  Path seedsFile;

  @Option(
      names = "--out",
      description = "Output directory or s3://bucket/prefix (required unless --explain).")
  Location out;

  @Option(
      names = "--config",
      description = "Crawl config YAML (omitted keys keep the embedded defaults).")
  Path config;

  /** The output directory; a usage error naming the option when it was not given. */
  Location out(CommandSpec spec) {
    if (out == null) {
      throw new ParameterException(spec.commandLine(), "Missing required option: '--out=<out>'");
    }
    return out;
  }

  CrawlConfig crawlConfig() throws IOException {
    return config == null ? CrawlConfig.defaults() : CrawlConfig.load(config);
  }

  /** Seeds and output into the pipeline's options. */
  void applyTo(CrawlPipeline.Options o) {
    apply(o, seeds, seedsFile, out);
  }

  static void apply(CrawlPipeline.Options o, List<String> seeds, Path seedsFile, Location out) {
    o.setSeeds(String.join(",", seeds));
    if (seedsFile != null) {
      o.setSeedsFile(seedsFile.toString());
    }
    o.setOutput(out.toString());
  }
}
