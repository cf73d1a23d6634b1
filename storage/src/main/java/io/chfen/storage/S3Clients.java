package io.chfen.storage;

import java.net.InetAddress;
import java.net.URI;
import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client, plus what S3-compatible servers need: path-style addressing ({@link
 * StorageOptions#getS3PathStyleAccess}, or by itself for an endpoint that is localhost or an IP
 * address, where a bucket cannot be a host name) and the endpoint from {@code AWS_ENDPOINT_URL}
 * (the AWS tools' variable) when {@code --endpoint} is not given.
 */
public final class S3Clients implements S3ClientBuilderFactory {
  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    S3ClientBuilder b = new DefaultS3ClientBuilderFactory().createBuilder(options);
    URI endpoint = options.getEndpoint();
    String env = System.getenv("AWS_ENDPOINT_URL");
    if (endpoint == null && env != null && !env.isBlank()) {
      endpoint = URI.create(env.trim());
      b.endpointOverride(endpoint);
    }
    boolean pathStyle = options.as(StorageOptions.class).getS3PathStyleAccess();
    return b.forcePathStyle(pathStyle || hostCannotNameBucket(endpoint));
  }

  /** {@code bucket.localhost} and {@code bucket.127.0.0.1} do not resolve to the server. */
  static boolean hostCannotNameBucket(URI endpoint) {
    if (endpoint == null || endpoint.getHost() == null) {
      return false;
    }
    String host = endpoint.getHost();
    if (host.equals("localhost") || host.startsWith("[")) {
      return true;
    }
    if (!host.matches("[0-9.]+")) {
      return false;
    }
    try {
      InetAddress.getByName(host);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
