package io.chfen.pipelines.crawl;

import io.chfen.dataset.crawl.SimHash;
import io.chfen.pipelines.io.Records;
import io.chfen.records.VideoMetadata;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Flags videos whose titles are near duplicates of an earlier-published video's title (SimHash
 * distance at most {@code maxDistance}), setting {@code nearDuplicateOf} to the original's id.
 * Candidate pairs come from locality-sensitive banding: with {@code maxDistance + 1} bands, two
 * hashes within the distance agree on at least one whole band (pigeonhole), so only videos that
 * share a band bucket are compared, never all pairs.
 */
public final class FlagNearDuplicates
    extends PTransform<PCollection<VideoMetadata>, PCollection<VideoMetadata>> {
  private static final long serialVersionUID = 1L;

  private final int maxDistance;

  private FlagNearDuplicates(int maxDistance) {
    this.maxDistance = maxDistance;
  }

  /** Titles whose SimHashes differ in at most {@code maxDistance} bits (0 to 15). */
  public static FlagNearDuplicates within(int maxDistance) {
    if (maxDistance < 0 || maxDistance > 15) {
      throw new IllegalArgumentException(
          "the near-duplicate distance is 0 to 15 bits of 64, not " + maxDistance);
    }
    return new FlagNearDuplicates(maxDistance);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("maxDistance", maxDistance));
  }

  /** What a band bucket needs to know of a video. */
  record Entry(String id, long simhash, long publishedMs) implements Serializable {}

  @Override
  public PCollection<VideoMetadata> expand(PCollection<VideoMetadata> videos) {
    PCollection<KV<String, String>> originals =
        videos
            .apply("Bands", ParDo.of(new BandsFn(maxDistance + 1)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Entry.class)))
            .apply("GroupBands", GroupByKey.create())
            .apply("ComparePairs", ParDo.of(new ComparePairsFn(maxDistance)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
            .apply("FirstOriginal", Combine.perKey(new SmallestId()));
    TupleTag<VideoMetadata> videoTag = new TupleTag<>();
    TupleTag<String> originalTag = new TupleTag<>();
    PCollection<KV<String, VideoMetadata>> byId =
        videos
            .apply(
                "KeyById",
                WithKeys.of((VideoMetadata v) -> v.getId()).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.VIDEO));
    return KeyedPCollectionTuple.of(videoTag, byId)
        .and(originalTag, originals)
        .apply("Join", CoGroupByKey.create())
        .apply("SetFlag", ParDo.of(new SetFlagFn(videoTag, originalTag)))
        .setCoder(Records.VIDEO);
  }

  static final class BandsFn extends DoFn<VideoMetadata, KV<String, Entry>> {
    private static final long serialVersionUID = 1L;

    private final int bands;

    BandsFn(int bands) {
      this.bands = bands;
    }

    @ProcessElement
    public void process(@Element VideoMetadata v, OutputReceiver<KV<String, Entry>> out) {
      if (v.getTitleSimhash() == null || v.getTitleSimhash() == 0L) {
        return;
      }
      long h = v.getTitleSimhash();
      long published =
          v.getPublishedAt() == null ? Long.MAX_VALUE : v.getPublishedAt().toEpochMilli();
      Entry e = new Entry(v.getId(), h, published);
      int width = 64 / bands;
      for (int b = 0; b < bands; b++) {
        int from = b * width;
        int to = b == bands - 1 ? 64 : from + width;
        long mask = to - from == 64 ? -1L : ((1L << (to - from)) - 1);
        out.output(KV.of(b + ":" + Long.toHexString((h >>> from) & mask), e));
      }
    }
  }

  static final class ComparePairsFn extends DoFn<KV<String, Iterable<Entry>>, KV<String, String>> {
    private static final long serialVersionUID = 1L;

    private final int maxDistance;

    ComparePairsFn(int maxDistance) {
      this.maxDistance = maxDistance;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<Entry>> bucket, OutputReceiver<KV<String, String>> out) {
      List<Entry> all = new ArrayList<>();
      bucket.getValue().forEach(all::add);
      all.sort(Comparator.comparingLong(Entry::publishedMs).thenComparing(Entry::id));
      for (int i = 0; i < all.size(); i++) {
        for (int j = i + 1; j < all.size(); j++) {
          if (SimHash.distance(all.get(i).simhash(), all.get(j).simhash()) <= maxDistance) {
            out.output(KV.of(all.get(j).id(), all.get(i).id())); // later one → its original
          }
        }
      }
    }
  }

  static final class SmallestId implements SerializableFunction<Iterable<String>, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String apply(Iterable<String> ids) {
      String min = null;
      for (String s : ids) {
        if (min == null || s.compareTo(min) < 0) {
          min = s;
        }
      }
      return min;
    }
  }

  static final class SetFlagFn extends DoFn<KV<String, CoGbkResult>, VideoMetadata> {
    private static final long serialVersionUID = 1L;

    private final TupleTag<VideoMetadata> videoTag;
    private final TupleTag<String> originalTag;

    SetFlagFn(TupleTag<VideoMetadata> videoTag, TupleTag<String> originalTag) {
      this.videoTag = videoTag;
      this.originalTag = originalTag;
    }

    @ProcessElement
    public void process(
        @Element KV<String, CoGbkResult> joined, OutputReceiver<VideoMetadata> out) {
      String original = joined.getValue().getOnly(originalTag, null);
      for (VideoMetadata v : joined.getValue().getAll(videoTag)) {
        out.output(
            original == null
                ? v
                : VideoMetadata.newBuilder(v).setNearDuplicateOf(original).build());
      }
    }
  }
}
