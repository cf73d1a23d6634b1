package io.chfen.storage;

import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.regions.Region;

/**
 * How this program reaches object storage: Beam's S3 options ({@code --endpoint}, {@code
 * --awsRegion}, {@code --awsCredentialsProvider}) and path-style addressing, which S3-compatible
 * servers (MinIO, Ceph, S3Proxy) need and Beam's options lack. They travel with the pipeline's
 * options to every worker; credentials left unset come from the usual AWS sources (environment,
 * {@code ~/.aws}, container or instance roles).
 */
public interface StorageOptions extends S3Options {
  @Description(
      "Address S3 buckets by path (endpoint/bucket/key) instead of by host name; on by itself"
          + " for an endpoint on localhost or an IP address")
  @Default.Boolean(false)
  boolean getS3PathStyleAccess();

  void setS3PathStyleAccess(boolean value);

  /**
   * Readies {@code options} (parsed from {@code args}) for object storage and registers every file
   * system Beam knows with them, so this process (the client, a command outside a pipeline) reads
   * and writes {@code s3://} as the workers will. The region, when {@code args} give none, comes
   * from {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, {@code aws.region} or the AWS profile,
   * else {@code us-east-1}: never from the instance metadata service, whose probe stalls every
   * start off a cloud machine.
   */
  static <T extends PipelineOptions> T prepare(T options, List<String> args) {
    StorageOptions s = options.as(StorageOptions.class);
    s.setS3ClientFactoryClass(S3Clients.class);
    if (args.stream().noneMatch(a -> a.startsWith("--awsRegion"))) {
      s.setAwsRegion(defaultRegion());
    }
    FileSystems.setDefaultPipelineOptions(options);
    return options;
  }

  /**
   * Options for a command that runs no pipeline (the trainer, the report), from Beam-style args.
   */
  static StorageOptions fromArgs(List<String> args) {
    return prepare(
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
            .withoutStrictParsing()
            .as(StorageOptions.class),
        args);
  }

  private static Region defaultRegion() {
    for (String v :
        new String[] {
          System.getenv("AWS_REGION"),
          System.getenv("AWS_DEFAULT_REGION"),
          System.getProperty("aws.region")
        }) {
      if (v != null && !v.isBlank()) {
        return Region.of(v.trim().toLowerCase(Locale.ROOT));
      }
    }
    try {
      String profile = ProfileFileSystemSetting.AWS_PROFILE.getStringValueOrThrow();
      return ProfileFile.defaultProfileFile()
          .profile(profile)
          .flatMap(p -> p.property("region"))
          .map(Region::of)
          .orElse(Region.US_EAST_1);
    } catch (RuntimeException e) {
      return Region.US_EAST_1;
    }
  }
}
