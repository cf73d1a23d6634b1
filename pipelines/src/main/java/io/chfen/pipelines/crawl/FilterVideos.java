package io.chfen.pipelines.crawl;

import io.chfen.dataset.crawl.FilterConfig;
import io.chfen.dataset.crawl.VideoFilter;
import io.chfen.pipelines.StageCounter;
import io.chfen.pipelines.StageResult;
import io.chfen.pipelines.io.Records;
import io.chfen.records.FilterOutcome;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Stage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps the videos that pass the configured filters and are not duplicates; every other video
 * becomes a {@link FilterOutcome} with its reason. Duplicates (same id, then same canonical URL)
 * keep the copy found on its canonical page (else the first by page URL). Near-duplicate titles are
 * flagged on the kept videos ({@code nearDuplicateOf}), not removed.
 */
public final class FilterVideos
    extends PTransform<PCollection<VideoMetadata>, FilterVideos.Result> {
  private static final long serialVersionUID = 1L;

  static final TupleTag<VideoMetadata> KEPT = new TupleTag<>() {};
  static final TupleTag<FilterOutcome> REJECTED = new TupleTag<>() {};

  private final FilterConfig config;

  private FilterVideos(FilterConfig config) {
    this.config = config;
  }

  public static FilterVideos with(FilterConfig config) {
    return new FilterVideos(config.validated());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("filters", config.describe()));
  }

  @Override
  public Result expand(PCollection<VideoMetadata> videos) {
    PCollectionTuple checked =
        videos.apply(
            "CheckFilters",
            ParDo.of(new CheckFiltersFn(config)).withOutputTags(KEPT, TupleTagList.of(REJECTED)));
    PCollectionTuple byId =
        dedupe(
            checked.get(KEPT).setCoder(Records.VIDEO),
            "ById",
            "duplicate_id",
            VideoMetadata::getId);
    PCollectionTuple byUrl =
        dedupe(
            byId.get(KEPT).setCoder(Records.VIDEO),
            "ByCanonicalUrl",
            "duplicate_url",
            VideoMetadata::getCanonicalUrl);
    PCollection<VideoMetadata> kept =
        byUrl
            .get(KEPT)
            .setCoder(Records.VIDEO)
            .apply(
                "FlagNearDuplicates", FlagNearDuplicates.within(config.nearDuplicateMaxDistance));
    PCollection<FilterOutcome> rejected =
        PCollectionList.of(checked.get(REJECTED).setCoder(Records.FILTER_OUTCOME))
            .and(byId.get(REJECTED).setCoder(Records.FILTER_OUTCOME))
            .and(byUrl.get(REJECTED).setCoder(Records.FILTER_OUTCOME))
            .apply("AllRejected", Flatten.pCollections());
    return new Result(videos.getPipeline(), kept, rejected);
  }

  private static PCollectionTuple dedupe(
      PCollection<VideoMetadata> in,
      String name,
      String reason,
      org.apache.beam.sdk.transforms.SerializableFunction<VideoMetadata, String> key) {
    return in.apply("Key" + name, WithKeys.of(key).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.VIDEO))
        .apply("Group" + name, GroupByKey.create())
        .apply(
            "Dedupe" + name,
            ParDo.of(new PickOneFn(reason)).withOutputTags(KEPT, TupleTagList.of(REJECTED)));
  }

  static FilterOutcome rejection(VideoMetadata v, Stage stage, String reason, String message) {
    StageCounter.VIDEOS_FILTERED.inc();
    return FilterOutcome.newBuilder()
        .setId(v.getId())
        .setStage(stage.code())
        .setReason(reason)
        .setMessage(message)
        .setPageUrl(v.getPageUrl())
        .setTitle(v.getTitle())
        .setVideo(v)
        .build();
  }

  static final class CheckFiltersFn extends DoFn<VideoMetadata, VideoMetadata> {
    private static final long serialVersionUID = 1L;

    private final VideoFilter filter;

    CheckFiltersFn(FilterConfig config) {
      this.filter = new VideoFilter(config);
    }

    @ProcessElement
    public void process(@Element VideoMetadata v, MultiOutputReceiver out) {
      List<VideoFilter.Rejection> failed = filter.check(v);
      if (failed.isEmpty()) {
        out.get(KEPT).output(v);
        return;
      }
      String message =
          failed.stream().map(VideoFilter.Rejection::detail).collect(Collectors.joining("; "));
      out.get(REJECTED).output(rejection(v, Stage.FILTER, failed.get(0).reason(), message));
    }
  }

  /** Keeps one video per key: the one on its canonical page, else the first by page URL. */
  static final class PickOneFn extends DoFn<KV<String, Iterable<VideoMetadata>>, VideoMetadata> {
    private static final long serialVersionUID = 1L;

    private final String reason;

    PickOneFn(String reason) {
      this.reason = reason;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<VideoMetadata>> group, MultiOutputReceiver out) {
      List<VideoMetadata> all = new ArrayList<>();
      group.getValue().forEach(all::add);
      all.sort(
          Comparator.comparing((VideoMetadata v) -> !v.getPageUrl().equals(v.getCanonicalUrl()))
              .thenComparing(VideoMetadata::getPageUrl));
      VideoMetadata keep = all.get(0);
      out.get(KEPT).output(keep);
      for (VideoMetadata dup : all.subList(1, all.size())) {
        out.get(REJECTED)
            .output(
                rejection(
                    dup,
                    Stage.DEDUPE,
                    reason,
                    "same "
                        + (reason.equals("duplicate_id") ? "id" : "canonical URL")
                        + " as "
                        + keep.getPageUrl()));
      }
    }
  }

  /** Kept videos and every rejection. */
  public static final class Result extends StageResult {
    public final PCollection<VideoMetadata> kept;
    public final PCollection<FilterOutcome> rejected;

    Result(
        Pipeline pipeline, PCollection<VideoMetadata> kept, PCollection<FilterOutcome> rejected) {
      super(pipeline, Map.of(KEPT, kept, REJECTED, rejected));
      this.kept = kept;
      this.rejected = rejected;
    }
  }
}
