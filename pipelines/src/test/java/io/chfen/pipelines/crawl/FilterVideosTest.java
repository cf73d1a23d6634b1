package io.chfen.pipelines.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chfen.dataset.crawl.FilterConfig;
import io.chfen.dataset.crawl.SimHash;
import io.chfen.pipelines.io.Records;
import io.chfen.records.FilterOutcome;
import io.chfen.records.VideoMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class FilterVideosTest {

  static VideoMetadata video(
      String id, String page, String canonical, String title, double duration, String published) {
    return VideoMetadata.newBuilder()
        .setId(id)
        .setSource("s")
        .setPageUrl(page)
        .setCanonicalUrl(canonical)
        .setMediaUrl(page + ".mp4")
        .setTitle(title)
        .setDurationS(duration)
        .setPublishedAt(Instant.parse(published))
        .setCrawledAt(Instant.EPOCH)
        .setTitleSimhash(SimHash.ofTitle(title))
        .build();
  }

  @Test
  void keepsFiltersDedupesAndFlagsNearDuplicates() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    FilterConfig cfg = new FilterConfig();
    cfg.maxDurationS = 60.0;
    List<VideoMetadata> in =
        List.of(
            video(
                "s_1",
                "http://s/v/1",
                "http://s/v/1",
                "城市夜景航拍 | 灯火璀璨的夜晚",
                11,
                "2024-05-01T00:00:00Z"),
            video(
                "s_2",
                "http://s/v/2",
                "http://s/v/2",
                "城市夜景航拍 灯火璀璨的夜晚！",
                11,
                "2024-05-02T00:00:00Z"),
            video(
                "s_3",
                "http://s/v/3",
                "http://s/v/3",
                "Full concert recording",
                300,
                "2024-01-01T00:00:00Z"),
            video(
                "s_4",
                "http://s/v/4-share",
                "http://s/v/4",
                "Street interview",
                11,
                "2024-06-01T00:00:00Z"),
            video(
                "s_4",
                "http://s/v/4",
                "http://s/v/4",
                "Street interview",
                11,
                "2024-06-01T00:00:00Z"),
            video(
                "s_5",
                "http://s/v/5?ref=x",
                "http://s/v/5",
                "Calm morning by the lake",
                11,
                "2024-06-02T00:00:00Z"),
            video(
                "s_6",
                "http://s/v/5",
                "http://s/v/5",
                "Calm morning by the lake (copy)",
                11,
                "2024-06-03T00:00:00Z"));
    FilterVideos.Result r =
        p.apply(Create.of(in).withCoder(Records.VIDEO)).apply(FilterVideos.with(cfg));

    PCollection<String> kept =
        r.kept.apply(
            "KeptIds",
            MapElements.into(TypeDescriptors.strings())
                .via(
                    (VideoMetadata v) ->
                        v.getId()
                            + "@"
                            + v.getPageUrl()
                            + (v.getNearDuplicateOf() == null
                                ? ""
                                : " ~" + v.getNearDuplicateOf())));
    PAssert.that(kept)
        .containsInAnyOrder(
            "s_1@http://s/v/1", "s_2@http://s/v/2 ~s_1", "s_4@http://s/v/4", "s_6@http://s/v/5");
    PCollection<String> rejected =
        r.rejected.apply(
            "Reasons",
            MapElements.into(TypeDescriptors.strings())
                .via((FilterOutcome f) -> f.getId() + ":" + f.getStage() + ":" + f.getReason()));
    PAssert.that(rejected)
        .containsInAnyOrder(
            "s_3:filter:duration_too_long", "s_4:dedupe:duplicate_id", "s_5:dedupe:duplicate_url");
    p.run().waitUntilFinish();
  }

  @Test
  void everyInputEndsAsExactlyOneOutcome() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    FilterConfig cfg = new FilterConfig();
    cfg.minDurationS = 10.0;
    List<VideoMetadata> in = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      // ids repeat (s_0..s_39) and every third video is too short
      in.add(
          video(
              "s_" + (i % 40),
              "http://s/v/" + i,
              "http://s/v/" + i,
              "title number " + i,
              i % 3 == 0 ? 5 : 20,
              "2024-05-01T00:00:00Z"));
    }
    long kept =
        in.stream()
            .filter(v -> v.getDurationS() >= 10)
            .map(VideoMetadata::getId)
            .distinct()
            .count();
    assertEquals(30, kept);
    FilterVideos.Result r =
        p.apply(Create.of(in).withCoder(Records.VIDEO)).apply(FilterVideos.with(cfg));
    PAssert.thatSingleton(r.kept.apply("CountKept", Count.globally())).isEqualTo(kept);
    PAssert.thatSingleton(r.rejected.apply("CountRejected", Count.globally())).isEqualTo(50 - kept);
    p.run().waitUntilFinish();
  }
}
