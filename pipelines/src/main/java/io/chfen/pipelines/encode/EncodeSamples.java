package io.chfen.pipelines.encode;

import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.dataset.encode.SampleEncoder;
import io.chfen.dataset.labels.Consensus;
import io.chfen.dataset.labels.DatasetLabels;
import io.chfen.files.Location;
import io.chfen.pipelines.ItemSteps;
import io.chfen.pipelines.StageCounter;
import io.chfen.pipelines.StageResult;
import io.chfen.pipelines.io.Records;
import io.chfen.records.EncodedSample;
import io.chfen.records.Failure;
import io.chfen.records.SentimentLabel;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Failures;
import io.chfen.schemas.Stage;
import io.chfen.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.display.DisplayData;
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
  /** The coder of a shard row. */
  public static final Coder<EncodedSample> CODER = AvroCoder.specific(EncodedSample.class);

  private static final long serialVersionUID = 1L;

  static final TupleTag<EncodedSample> ENCODED = new TupleTag<>() {};
  static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  private final EncodeSpec config;
  private final String artifactsRoot;
  private final PCollectionView<Map<String, VideoMetadata>> metadata;

  private EncodeSamples(
      EncodeSpec config,
      String artifactsRoot,
      PCollectionView<Map<String, VideoMetadata>> metadata) {
    this.config = config;
    this.artifactsRoot = artifactsRoot;
    this.metadata = metadata;
  }

  /**
   * @param artifactsRoot the directory the videos' {@code artifactsDir} is relative to
   * @param metadata each video's crawled metadata by id (a few hundred bytes per video)
   */
  public static EncodeSamples with(
      EncodeSpec config,
      String artifactsRoot,
      PCollectionView<Map<String, VideoMetadata>> metadata) {
    if (artifactsRoot == null || metadata == null) {
      throw new IllegalArgumentException("EncodeSamples needs the artifacts root and the metadata");
    }
    return new EncodeSamples(config.validate(), artifactsRoot, metadata);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("artifactsRoot", artifactsRoot));
    config.describe().forEach((k, v) -> builder.add(DisplayData.item(k, v)));
  }

  @Override
  public Result expand(PCollection<VideoArtifacts> videos) {
    PCollectionTuple r =
        videos
            .apply("Spread", Reshuffle.viaRandomKey())
            .apply(
                ItemSteps.ENCODE.name(),
                ParDo.of(new EncodeFn(config, artifactsRoot, metadata))
                    .withSideInputs(metadata)
                    .withOutputTags(ENCODED, TupleTagList.of(FAILURES)));
    return new Result(
        videos.getPipeline(),
        r.get(ENCODED).setCoder(CODER),
        r.get(FAILURES).setCoder(Records.FAILURE));
  }

  static final class EncodeFn extends DoFn<VideoArtifacts, EncodedSample> {
    private static final long serialVersionUID = 1L;

    private final EncodeSpec config;
    private final String artifactsRoot;
    private final PCollectionView<Map<String, VideoMetadata>> metadata;
    private transient SampleEncoder encoder;
    private transient Consensus consensus;
    private transient Map<String, Map<String, SentimentLabel>> sentiment;

    EncodeFn(
        EncodeSpec config,
        String artifactsRoot,
        PCollectionView<Map<String, VideoMetadata>> metadata) {
      this.config = config;
      this.artifactsRoot = artifactsRoot;
      this.metadata = metadata;
    }

    @Setup
    public void setup() {
      encoder = new SampleEncoder(config);
      try {
        DatasetLabels.Import labels = config.datasetLabels();
        consensus = config.consensus(labels);
        sentiment = labels.sentiment();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read the labels " + config.annotations + " " + config.labels, e);
      }
    }

    @ProcessElement
    public void process(@Element VideoArtifacts a, MultiOutputReceiver o, ProcessContext c) {
      try {
        VideoMetadata meta = c.sideInput(metadata).get(a.getId().toString());
        EncodedSample s;
        // an object store's folder is read from a copy in the worker's scratch
        try (Storage.Local dir =
            Storage.local(Location.of(artifactsRoot).resolve(a.getArtifactsDir().toString()))) {
          s =
              encoder.encode(
                  a,
                  dir.path(),
                  meta,
                  consensus.video(a.getId()).orElse(null),
                  config.split(a.getId().toString(), meta));
        }
        Map<String, SentimentLabel> scores = sentiment.get(a.getId().toString());
        if (scores != null) {
          s = EncodedSample.newBuilder(s).setSentiment(new LinkedHashMap<>(scores)).build();
        }
        StageCounter.VIDEOS_ENCODED.inc();
        o.get(ENCODED).output(s);
      } catch (IOException e) {
        fail(Failures.of(a.getId(), Stage.ENCODE, "io_error", a.getId() + ": " + e), a, o);
      } catch (RuntimeException e) {
        // a program error, not bad input: the stack trace says where
        fail(Failures.of(a.getId(), Stage.ENCODE, "encode_error", e), a, o);
      }
    }

    private static void fail(Failure.Builder f, VideoArtifacts a, MultiOutputReceiver o) {
      StageCounter.VIDEOS_ENCODE_FAILED.inc();
      o.get(FAILURES).output(f.setUrl(a.getArtifactsDir()).build());
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
