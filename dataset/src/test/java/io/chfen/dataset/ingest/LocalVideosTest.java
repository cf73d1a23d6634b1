package io.chfen.dataset.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.crawl.Fetcher;
import io.chfen.dataset.crawl.MediaDownloader;
import io.chfen.files.Location;
import io.chfen.media.MediaProbe;
import io.chfen.records.VideoMetadata;
import io.chfen.sample.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ingested sample video's metadata: what the container and the file name say. */
class LocalVideosTest {
  @TempDir Path dir;

  @Test
  void aFileBecomesTheMetadataOfAVideo() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/clips"));
    Files.copy(SampleData.corpus().resolve("c09.mp4"), src.resolve("街头 采访.mp4"));
    IngestItem item = DirectorySource.scan(dir.resolve("src")).items().get(0);
    CrawlConfig c = CrawlConfig.defaults();
    MediaDownloader store =
        new MediaDownloader(new Fetcher(c, Set.of()), c.download, Location.of(dir.resolve("out")));
    MediaDownloader.Stored s = store.store(item.id(), item.path());
    VideoMetadata v =
        LocalVideos.metadata(item, s, MediaProbe.probe(item.path()), Instant.EPOCH, ZoneOffset.UTC);
    assertEquals(item.id(), v.getId());
    assertEquals("local", v.getSource());
    assertEquals("local:clips/街头 采访.mp4", v.getCanonicalUrl());
    assertEquals("街头 采访", v.getTitle());
    assertEquals("file_name", v.getFieldSources().get("title"));
    assertEquals("zh", v.getLanguage(), "from the title's script");
    assertEquals(12.0, v.getDurationS(), 0.1);
    assertEquals(720, v.getWidth());
    assertEquals(1280, v.getHeight());
    assertEquals(s.relativePath(), v.getMediaPath());
    assertEquals(s.sha256(), v.getMediaSha256());
    assertTrue(v.getId().startsWith("local_clips-"), v.getId());
  }
}
