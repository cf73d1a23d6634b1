package io.chfen.pipelines.encode;

import io.chfen.labels.Consensus;
import io.chfen.pipelines.Progress;
import io.chfen.pipelines.StageResult;
import io.chfen.pipelines.io.Records;
import io.chfen.pipelines.process.VideoProcessor;
import io.chfen.records.EncodedSample;
import io.chfen.records.Failure;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Encodes each processed video ({@link SampleEncoder}) with its title (a side input: id → title)
 * and its labels; a video that cannot be encoded becomes an encode failure naming the cause.
 */
public final class EncodeSamples
    extends PTransform<PCollection<VideoArtifacts>, EncodeSamples.Result> {
  static final TupleTag<EncodedSample> ENCODED = new TupleTag<>() {};
  static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  private final EncodeConfig config;
  private final String artifactsRoot;
  private final PCollectionView<Map<String, VideoMetadata>> metadata;

  /**
   * @param artifactsRoot the directory the videos' {@code artifactsDir} is relative to
   */
  public EncodeSamples(
      EncodeConfig config,
      String artifactsRoot,
      PCollectionView<Map<String, VideoMetadata>> metadata) {
    this.config = config;
    this.artifactsRoot = artifactsRoot;
    this.metadata = metadata;
  }

  @Override
  public Result expand(PCollection<VideoArtifacts> videos) {
    PCollectionTuple r =
        videos
            .apply("Spread", Reshuffle.viaRandomKey())
            .apply(
                "Encode",
                ParDo.of(new EncodeFn(config, artifactsRoot, metadata))
                    .withSideInputs(metadata)
                    .withOutputTags(ENCODED, TupleTagList.of(FAILURES)));
    return new Result(
        videos.getPipeline(),
        r.get(ENCODED).setCoder(AvroCoder.specific(EncodedSample.class)),
        r.get(FAILURES).setCoder(Records.FAILURE));
  }

  static final class EncodeFn extends DoFn<VideoArtifacts, EncodedSample> {
    private final EncodeConfig config;
    private final String artifactsRoot;
    private final PCollectionView<Map<String, VideoMetadata>> metadata;
    private final Counter encoded = Metrics.counter(EncodeSamples.class, "videos_encoded");
    private final Counter failed = Metrics.counter(EncodeSamples.class, "videos_encode_failed");
    private transient SampleEncoder encoder;
    private transient Consensus consensus;

    EncodeFn(
        EncodeConfig config,
        String artifactsRoot,
        PCollectionView<Map<String, VideoMetadata>> metadata) {
      this.config = config;
      this.artifactsRoot = artifactsRoot;
      this.metadata = metadata;
    }

    @Setup
    public void setup() {
      encoder =
          new SampleEncoder(
              config.models(),
              config.stepS,
              config.frameModel,
              config.vocalsModel,
              config.musicModel,
              VideoProcessor.PIPELINE_VERSION);
      try {
        consensus = config.consensus();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the annotations " + config.annotations, e);
      }
    }

    @ProcessElement
    public void process(@Element VideoArtifacts a, MultiOutputReceiver o, ProcessContext c) {
      try {
        EncodedSample s =
            encoder.encode(
                a,
                Path.of(artifactsRoot).resolve(a.getArtifactsDir()),
                c.sideInput(metadata).get(a.getId().toString()),
                consensus.video(a.getId()).orElse(null),
                config.split(a.getId()));
        encoded.inc();
        Progress.inc("videos_encoded");
        o.get(ENCODED).output(s);
      } catch (IOException | RuntimeException e) {
        failed.inc();
        Progress.inc("videos_encode_failed");
        o.get(FAILURES)
            .output(
                Failure.newBuilder()
                    .setId(a.getId())
                    .setStage("encode")
                    .setReason(e instanceof IOException ? "io_error" : "encode_error")
                    .setMessage(a.getId() + ": " + e)
                    .setUrl(a.getArtifactsDir())
                    .setOccurredAt(Instant.now())
                    .build());
      }
    }

    @Teardown
    public void teardown() {
      if (encoder != null) {
        encoder.close();
        encoder = null;
      }
    }
  }

  /** Encoded samples and encode failures. */
  public static final class Result extends StageResult {
    public final PCollection<EncodedSample> encoded;
    public final PCollection<Failure> failures;

    Result(Pipeline pipeline, PCollection<EncodedSample> encoded, PCollection<Failure> failures) {
      super(pipeline, Map.of(ENCODED, encoded, FAILURES, failures));
      this.encoded = encoded;
      this.failures = failures;
    }
  }
}
