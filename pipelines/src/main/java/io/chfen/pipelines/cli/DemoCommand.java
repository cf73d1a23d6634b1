package io.chfen.pipelines.cli;

import io.chfen.crawl.CrawlConfig;
import io.chfen.pipelines.crawl.CrawlSummary;
import io.chfen.samplesite.SampleSite;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code chfen demo}: serves the bundled sample site on loopback and runs the pipeline on it with
 * the embedded defaults (today: the crawl stage; later stages join as they land).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the pipeline end to end on the bundled sample site (DirectRunner).")
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

  @Option(names = "--media", description = "Sample media directory (default: .chfen/sample/media).")
  Path media;

  @Unmatched List<String> beamArgs = new ArrayList<>();

  /** The demo's crawl config, embedded beside the sample site. */
  static CrawlConfig sampleConfig() throws IOException {
    try (InputStream in = SampleSite.class.getResourceAsStream("sample-crawl.yaml")) {
      return CrawlConfig.fromYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static Path mediaDir(Path given) {
    Path dir =
        given != null
            ? given
            : Path.of(System.getProperty("chfen.sample.media", ".chfen/sample/media"));
    for (String f : SampleSite.mediaFiles()) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new IllegalStateException(
            "sample media "
                + dir.resolve(f)
                + " is missing: run scripts/setup.sh (the ./chfen launcher does)");
      }
    }
    return dir.toAbsolutePath();
  }

  @Override
  public Integer call() throws Exception {
    try (SampleSite site = SampleSite.start("127.0.0.1", port, mediaDir(media), 4000)) {
      System.err.println("demo: sample site on " + site.baseUrl());
      CrawlSummary s = CrawlCommand.run(sampleConfig(), site.seeds(), null, out, beamArgs);
      return s.reconciles() ? 0 : 3;
    }
  }
}
