package io.chfen.dataset.ingest;

import io.chfen.dataset.crawl.Field;
import io.chfen.dataset.crawl.MediaDownloader;
import io.chfen.dataset.crawl.VideoFields;
import io.chfen.dataset.crawl.VideoRecords;
import io.chfen.media.MediaProbe;
import io.chfen.records.VideoMetadata;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata of an ingested item, as the crawl's metadata of a video page: what its list gave
 * first (title, description, author, tags, language, date, counts), then the container's tags, then
 * the file name for a title; the duration and size from the streams; the media where the store put
 * it; the list's other columns ({@code extra}) and split as given. Every field says where it came
 * from ({@code fieldSources}: list, container, file_name, path, url, streams).
 */
public final class LocalVideos {
  public static final String FROM_LIST = "list";
  public static final String FROM_CONTAINER = "container";
  public static final String FROM_FILE_NAME = "file_name";
  public static final String FROM_PATH = "path";
  public static final String FROM_URL = "url";
  public static final String FROM_STREAMS = "streams";

  private LocalVideos() {}

  public static VideoMetadata metadata(
      IngestItem item,
      MediaDownloader.Stored stored,
      MediaProbe.Probe probe,
      Instant ingestedAt,
      ZoneId zone) {
    String where = item.isFile() ? item.path().toUri().toString() : item.url();
    String from = item.isFile() ? FROM_PATH : FROM_URL;
    VideoFields f =
        new VideoFields()
            .offer(Field.PLATFORM_ID, item.platformId(), from)
            .offer(Field.MEDIA_URL, where, from);
    item.fields().forEach((key, value) -> f.offer(Field.ofKey(key), value, FROM_LIST));
    f.offerTags(item.tags(), FROM_LIST)
        .offer(Field.TITLE, probe.tag("title"), FROM_CONTAINER)
        .offer(Field.TITLE, baseName(item.locator()), FROM_FILE_NAME)
        .offer(Field.DESCRIPTION, probe.tag("description"), FROM_CONTAINER)
        .offer(Field.DESCRIPTION, probe.tag("comment"), FROM_CONTAINER)
        .offer(Field.AUTHOR, probe.tag("artist"), FROM_CONTAINER)
        .offer(Field.LANGUAGE, probe.tag("language"), FROM_CONTAINER)
        .offer(Field.PUBLISHED_AT, probe.tag("creation_time"), FROM_CONTAINER);
    VideoMetadata v =
        VideoRecords.build(f, where, item.canonical(), item.source(), ingestedAt, zone);
    Map<String, String> sources = new LinkedHashMap<>(v.getFieldSources());
    VideoMetadata.Builder b = VideoMetadata.newBuilder(v);
    if (probe.info().durationS() > 0) {
      b.setDurationS(probe.info().durationS());
      sources.put(Field.DURATION.key, FROM_STREAMS);
    }
    if (probe.hasVideo()) {
      b.setWidth(probe.info().width()).setHeight(probe.info().height());
      sources.put(Field.WIDTH.key, FROM_STREAMS);
      sources.put(Field.HEIGHT.key, FROM_STREAMS);
    }
    return b.setId(item.id())
        .setFieldSources(sources)
        .setExtra(new LinkedHashMap<>(item.extra()))
        .setSplit(item.split())
        .setMediaPath(stored.relativePath())
        .setMediaSha256(stored.sha256())
        .setMediaBytes(stored.bytes())
        .setMediaContentType(stored.contentType())
        .build();
  }

  /** {@code sub/My clip.final.mp4} → {@code My clip.final}; a URL's last path segment likewise. */
  static String baseName(String locator) {
    String path = locator;
    if (locator.startsWith("http://") || locator.startsWith("https://")) {
      path = URI.create(locator).getPath();
      path = path == null ? "" : path;
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
