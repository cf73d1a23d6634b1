package io.chfen.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 API over HTTP on loopback, its objects kept as files under a local folder ({@code
 * <dir>/<bucket>/<key>}): S3Proxy on jclouds' file-system store. The tests' object store and {@code
 * chfen s3-server}'s; not a mock, every request goes through the AWS SDK and HTTP. Needs S3Proxy on
 * the class path (an optional dependency of this module).
 */
public final class LocalS3 implements AutoCloseable {
  /** The access key the server accepts. */
  public static final String ACCESS_KEY = "chfen-local";

  /** The secret key the server accepts. */
  public static final String SECRET_KEY = "chfen-local-secret";

  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final Path dir;

  private LocalS3(S3Proxy proxy, BlobStoreContext context, Path dir) {
    this.proxy = proxy;
    this.context = context;
    this.dir = dir;
  }

  /**
   * Starts a server on 127.0.0.1 ({@code port} 0: any free port) keeping its buckets in {@code
   * dir}.
   */
  public static LocalS3 start(Path dir, int port) throws IOException {
    Files.createDirectories(dir);
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
    BlobStoreContext context =
        ContextBuilder.newBuilder("filesystem").overrides(p).build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .ignoreUnknownHeaders(true)
            .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IOException("S3Proxy did not start: " + proxy.getState());
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      context.close();
      throw e;
    } catch (Exception e) {
      context.close();
      throw new IOException("S3Proxy did not start on port " + port + ": " + e.getMessage(), e);
    }
    return new LocalS3(proxy, context, dir);
  }

  /** Creates a bucket (nothing if it exists). */
  public LocalS3 bucket(String name) {
    context.getBlobStore().createContainerInLocation(null, name);
    return this;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Where the server keeps a bucket's objects as files. */
  public Path dir() {
    return dir;
  }

  /** The Beam options that reach this server: endpoint, path-style, its keys, a region. */
  public List<String> options() {
    return List.of(
        "--endpoint=" + endpoint(),
        "--s3PathStyleAccess=true",
        "--awsRegion=us-east-1",
        "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\""
            + ACCESS_KEY
            + "\",\"secretAccessKey\":\""
            + SECRET_KEY
            + "\"}");
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      context.close();
    }
  }
}
