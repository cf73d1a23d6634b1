package io.chfen.pipelines.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.files.Location;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.SourceTestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class VideoQueueTest {
  @TempDir Path dir;

  private static VideoMetadata video(int i, Double durationS, Long bytes) {
    return VideoMetadata.newBuilder()
        .setId("v" + i)
        .setSource("test")
        .setPageUrl("http://test/" + i)
        .setCanonicalUrl("http://test/" + i)
        .setCrawledAt(Instant.EPOCH)
        .setDurationS(durationS)
        .setMediaBytes(bytes)
        .setMediaPath("media/" + i + ".mp4")
        .build();
  }

  private List<VideoMetadata> write(int n) throws Exception {
    List<VideoMetadata> videos = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // lengths out of order; every fourth has no declared duration, only a size
      videos.add(
          i % 4 == 3
              ? video(i, null, (long) (i * 7 % 13) * 125_000)
              : video(i, (i * 5 % 11) + 1.0, null));
    }
    ParquetFiles.write(
        dir.resolve("metadata-00000-of-00002.parquet"),
        Schemas.VIDEO_METADATA,
        videos.subList(0, n / 2));
    ParquetFiles.write(
        dir.resolve("metadata-00001-of-00002.parquet"),
        Schemas.VIDEO_METADATA,
        videos.subList(n / 2, n));
    return videos;
  }

  @Test
  void splitsIntoOneVideoPerSplitLongestLastSoFlinkHandsItOutFirst() throws Exception {
    List<VideoMetadata> videos = write(30);
    var options = PipelineOptionsFactory.create();
    VideoQueue queue = VideoQueue.of(Location.of(dir));

    List<VideoMetadata> whole = SourceTestUtils.readFromSource(queue, options);
    assertEquals(
        videos.stream().map(v -> v.getId()).sorted().toList(),
        whole.stream().map(v -> v.getId()).sorted().toList());

    List<VideoQueue> splits = queue.split(1, options);
    assertEquals(30, splits.size());
    double last = -1;
    for (VideoQueue s : splits) {
      List<VideoMetadata> one = SourceTestUtils.readFromSource(s, options);
      assertEquals(1, one.size());
      double cost = VideoQueue.cost(one.get(0));
      assertTrue(cost >= last, "cheapest first, longest last");
      last = cost;
      assertEquals(List.of(s), s.split(1, options), "a split does not split again");
    }
    SourceTestUtils.assertSourcesEqualReferenceSource(queue, splits, options);
    assertEquals(12.0, last, "the costliest last: a size stands in for a missing duration");
  }

  @Test
  void manyMoreVideosThanSplitsAreChunkedWithNothingLostOrRepeated() throws Exception {
    int n = VideoQueue.MAX_SPLITS * 2 + 3;
    write(n);
    var options = PipelineOptionsFactory.create();
    VideoQueue queue = VideoQueue.of(Location.of(dir));
    List<VideoQueue> splits = queue.split(1, options);
    assertEquals(VideoQueue.MAX_SPLITS, splits.size());
    SourceTestUtils.assertSourcesEqualReferenceSource(queue, splits, options);
  }
}
