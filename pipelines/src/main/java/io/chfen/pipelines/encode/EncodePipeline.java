package io.chfen.pipelines.encode;

import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.dataset.encode.ManifestFacts;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.pipelines.ItemSteps;
import io.chfen.pipelines.io.ReadParquet;
import io.chfen.pipelines.io.Records;
import io.chfen.pipelines.io.StagedRun;
import io.chfen.pipelines.io.WriteParquet;
import io.chfen.records.EncodedSample;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.ShardManifest;
import io.chfen.schemas.Stage;
import io.chfen.storage.Storage;
import io.chfen.storage.StoredRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The encode stage: processed videos ({@code processed/}, their {@code artifacts/}) and their
 * titles ({@code metadata/}) → {@link EncodeSamples} → Parquet tensor shards by split ({@link
 * WriteTensorShards}) and {@code manifest.json} under {@code shards/}; encode failures in {@code
 * failures/encode-*}.
 */
public final class EncodePipeline {
  private EncodePipeline() {}

  /** Options of the encode stage run alone. */
  public interface Options extends PipelineOptions {
    @Description("The process stage's output directory (processed/, artifacts/)")
    @Validation.Required
    String getInput();

    void setInput(String value);

    @Description("The crawl stage's output directory (metadata/: the titles); default: --input")
    String getMetadata();

    void setMetadata(String value);

    @Description("Output directory (shards/, failures/); default: --input")
    String getOutput();

    void setOutput(String value);

    @Description(
        "Encode only the videos the last run dead-lettered or never encoded; the rows of the"
            + " published shards are carried over as they are")
    @Default.Boolean(false)
    boolean getRetryFailed();

    void setRetryFailed(boolean value);
  }

  public static PipelineResult run(Options o, EncodeSpec config) {
    RunLayout in = RunLayout.at(o.getInput());
    RunLayout meta = RunLayout.at(o.getMetadata() != null ? o.getMetadata() : o.getInput());
    RunLayout out = RunLayout.at(o.getOutput() != null ? o.getOutput() : o.getInput());
    config.validate(); // a bad setting fails here, before any work
    boolean carry;
    try {
      carry = o.getRetryFailed() && Storage.exists(out.shards().child(ShardManifest.FILE));
      if (carry) { // never carry a tampered set
        StoredRecords.verifyShards(out.shards(), StoredRecords.manifest(out.shards()), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return StagedRun.run(
        out,
        Stage.ENCODE.job(),
        OUTPUTS,
        EncodePipeline::verify,
        run -> {
          Pipeline p = Pipeline.create(o);
          PCollection<VideoArtifacts> processed =
              p.apply(
                  "ReadProcessed",
                  ReadParquet.from(
                      in.processed().child("*.parquet").toString(),
                      Schemas.VIDEO_ARTIFACTS,
                      Records.VIDEO_ARTIFACTS));
          PCollection<VideoMetadata> metadata =
              p.apply(
                  "ReadMetadata",
                  ReadParquet.from(
                      meta.metadata().child("*.parquet").toString(),
                      Schemas.VIDEO_METADATA,
                      Records.VIDEO));
          PCollection<EncodedSample> carried = null;
          if (carry) {
            carried =
                p.apply(
                    "ReadShards",
                    ReadParquet.from(
                        out.shards() + "/*/*.parquet",
                        Schemas.ENCODED_SAMPLE,
                        EncodeSamples.CODER));
            PCollectionView<List<String>> done =
                carried
                    .apply(
                        "CarriedIds",
                        MapElements.into(TypeDescriptors.strings())
                            .via((EncodedSample s) -> s.getId().toString()))
                    .apply("CarriedIdList", View.asList());
            processed =
                processed.apply("OnlyUnencoded", ParDo.of(new NotInFn(done)).withSideInputs(done));
          }
          build(processed, metadata, config, in.root().toString(), run.staged(), carried);
          return p;
        });
  }

  /** What the encode stage writes, published together when it succeeds. */
  public static final List<StagedRun.Output> OUTPUTS =
      List.of(
          StagedRun.Output.dir(RunLayout.SHARDS),
          StagedRun.Output.files(RunLayout.FAILURES, Stage.ENCODE.job()));

  /**
   * The new shard set before it replaces the old: its manifest reads and every shard it lists is
   * there with its size and SHA-256. A set with no rows has no manifest and no shards.
   */
  public static void verify(RunLayout staged) throws IOException {
    Location shards = staged.shards();
    if (Storage.exists(shards.child(ShardManifest.FILE))) {
      // in an object store a put is whole and the writer hashed what it put: sizes suffice there
      StoredRecords.verifyShards(shards, StoredRecords.manifest(shards), shards.isLocal());
    } else if (Storage.hasFiles(shards)) {
      throw new IOException(shards + " holds shards but no " + ShardManifest.FILE);
    }
  }

  /** The processed videos whose id is not in a list (those a retry carries over). */
  static final class NotInFn extends DoFn<VideoArtifacts, VideoArtifacts> {
    private static final long serialVersionUID = 1L;
    private final PCollectionView<List<String>> ids;
    private transient Set<String> skip;

    NotInFn(PCollectionView<List<String>> ids) {
      this.ids = ids;
    }

    @ProcessElement
    public void process(
        @Element VideoArtifacts a, OutputReceiver<VideoArtifacts> out, ProcessContext c) {
      if (skip == null) {
        skip = new HashSet<>(c.sideInput(ids));
      }
      if (!skip.contains(a.getId().toString())) {
        out.output(a);
      }
    }
  }

  /** Adds the encode stage after the processed videos and their metadata. */
  public static EncodeSamples.Result build(
      PCollection<VideoArtifacts> processed,
      PCollection<VideoMetadata> metadata,
      EncodeSpec config,
      String artifactsRoot,
      RunLayout out) {
    return build(processed, metadata, config, artifactsRoot, out, null);
  }

  /** The same, {@code carried} rows (null: none) written into the shards beside the new ones. */
  static EncodeSamples.Result build(
      PCollection<VideoArtifacts> processed,
      PCollection<VideoMetadata> metadata,
      EncodeSpec config,
      String artifactsRoot,
      RunLayout out,
      PCollection<EncodedSample> carried) {
    // a few hundred bytes per video: the titles, languages and context of every video
    PCollectionView<Map<String, VideoMetadata>> byId =
        metadata
            .apply(
                "ById",
                WithKeys.of((VideoMetadata v) -> v.getId().toString())
                    .withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.VIDEO))
            .apply("MetadataMap", View.asMap());
    EncodeSamples.Result r =
        processed.apply(
            ItemSteps.ENCODE.composite(), EncodeSamples.with(config, artifactsRoot, byId));
    PCollection<EncodedSample> rows =
        carried == null
            ? r.encoded
            : PCollectionList.of(r.encoded)
                .and(carried)
                .apply("WithCarried", Flatten.pCollections());
    String shardsDir = out.shards().toString();
    WriteFilesResult<String> written =
        rows.apply("WriteTensorShards", WriteTensorShards.to(config, shardsDir));
    r.failures.apply(
        "WriteEncodeFailures",
        WriteParquet.to(Schemas.FAILURE, out.failures().toString(), Stage.ENCODE.job(), 1));
    PCollectionView<Long> labelled =
        rows.apply("Labelled", Filter.by(s -> !s.getLabels().isEmpty()))
            .apply("CountLabelled", Count.globally())
            .apply("LabelledView", View.asSingleton());
    PCollectionView<Long> withSentiment =
        rows.apply("WithSentiment", Filter.by(s -> !s.getSentiment().isEmpty()))
            .apply("CountSentiment", Count.globally())
            .apply("SentimentView", View.asSingleton());
    PCollectionView<Long> failed =
        r.failures.apply("CountFailed", Count.globally()).apply("FailedView", View.asSingleton());
    written
        .getPerDestinationOutputFilenames()
        .apply("ShardFiles", Values.create())
        .apply("OneManifest", WithKeys.of("manifest"))
        .apply("AllShards", GroupByKey.create())
        .apply(
            "WriteManifest",
            ParDo.of(new ManifestFn(config, shardsDir, labelled, withSentiment, failed))
                .withSideInputs(labelled, withSentiment, failed));
    return r;
  }

  /** Writes manifest.json once every shard is final. */
  static final class ManifestFn extends DoFn<KV<String, Iterable<String>>, Void> {
    private static final long serialVersionUID = 1L;

    private final EncodeSpec config;
    private final String dir;
    private final PCollectionView<Long> labelled;
    private final PCollectionView<Long> withSentiment;
    private final PCollectionView<Long> failed;

    ManifestFn(
        EncodeSpec config,
        String dir,
        PCollectionView<Long> labelled,
        PCollectionView<Long> withSentiment,
        PCollectionView<Long> failed) {
      this.config = config;
      this.dir = dir;
      this.labelled = labelled;
      this.withSentiment = withSentiment;
      this.failed = failed;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<String>> files, ProcessContext c)
        throws IOException {
      Location d = Location.of(dir);
      // the facts are read from the shards' bytes: an object store's are read from scratch copies
      try (Storage.Local local = Storage.local(d)) {
        List<ShardManifest.Shard> shards = new ArrayList<>();
        for (String f : files.getValue()) {
          String rel = d.relativize(Location.of(f));
          shards.add(ManifestFacts.shard(local.path(), local.path().resolve(rel)));
        }
        ShardManifest m =
            ManifestFacts.manifest(
                local.path(),
                shards,
                config,
                c.sideInput(labelled),
                c.sideInput(withSentiment),
                c.sideInput(failed));
        // one put (or an atomic rename), after every shard is final
        Storage.write(d.child(ShardManifest.FILE), m.toJson());
      }
    }
  }
}
