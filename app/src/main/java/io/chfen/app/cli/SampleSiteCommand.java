package io.chfen.app.cli;

import io.chfen.sample.site.SampleSite;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen sample-site}: serves the bundled sample site until interrupted. */
@Command(
    name = "sample-site",
    mixinStandardHelpOptions = true,
    description = "Serve the bundled sample short-video site on loopback.")
final class SampleSiteCommand implements Callable<Integer> {
  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Loopback address (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--port",
      defaultValue = "8765",
      description = "Port, 0 for any free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--media", description = "Media directory (default: the sample corpus).")
  Path media;

  @Override
  public Integer call() throws Exception {
    try (SampleSite site = SampleSite.start(bind, port, Runs.media(media), 4000)) {
      System.out.println(
          "sample site on " + site.baseUrl() + "  (seeds: " + String.join(" ", site.seeds()) + ")");
      new CountDownLatch(1).await();
    }
    return 0;
  }
}
