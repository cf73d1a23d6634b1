package io.chfen.app.cli;

import io.chfen.storage.LocalS3;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chfen s3-server}: a real S3 API on loopback (S3Proxy) until interrupted, for trying object
 * storage on one machine: every command's {@code --out s3://…} against it.
 */
@Command(
    name = "s3-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve an S3-compatible object store on 127.0.0.1 (S3Proxy, objects kept as files under"
          + " --dir) until interrupted; prints the Beam options that reach it (also in"
          + " runner-configs/s3-local.yaml)."
    })
final class S3ServerCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      defaultValue = "out/s3",
      description = "Where the buckets' objects are kept (default ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--port",
      defaultValue = "9000",
      description = "Port, 0 for any free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bucket",
      defaultValue = "chfen",
      description = "A bucket to create (default ${DEFAULT-VALUE}).")
  String bucket;

  @Override
  public Integer call() throws Exception {
    try (LocalS3 s3 = LocalS3.start(dir, port).bucket(bucket)) {
      System.out.println(
          "S3 API on "
              + s3.endpoint()
              + " (bucket s3://"
              + bucket
              + "/, objects under "
              + dir.toAbsolutePath()
              + "; access key "
              + LocalS3.ACCESS_KEY
              + ")");
      System.out.println("Beam options: " + String.join(" ", s3.options()));
      new CountDownLatch(1).await();
    }
    return 0;
  }
}
