package io.chfen.dataset.ingest;

import io.chfen.dataset.crawl.Field;
import io.chfen.dataset.crawl.MediaDownloader;
import io.chfen.dataset.crawl.VideoFields;
import io.chfen.dataset.crawl.VideoRecords;
import io.chfen.media.MediaProbe;
import io.chfen.records.VideoMetadata;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata of an ingested file, as the crawl's metadata of a video page: the title from the
 * container's tags, else the file name; description, author, language and date from the tags; the
 * duration and size from the streams; the media where the store put it. Every field says where it
 * came from ({@code fieldSources}: container, file_name, path, streams).
 */
public final class LocalVideos {
  public static final String FROM_CONTAINER = "container";
  public static final String FROM_FILE_NAME = "file_name";
  public static final String FROM_PATH = "path";
  public static final String FROM_STREAMS = "streams";

  /** The canonical address of an ingested file: its path within the source. */
  public static String canonical(DirectorySource.Item item) {
    return DirectorySource.SOURCE + ":" + item.relative();
  }

  private LocalVideos() {}

  public static VideoMetadata metadata(
      DirectorySource.Item item,
      MediaDownloader.Stored stored,
      MediaProbe.Probe probe,
      Instant ingestedAt,
      ZoneId zone) {
    VideoFields f =
        new VideoFields()
            .offer(Field.PLATFORM_ID, item.relative(), FROM_PATH)
            .offer(Field.MEDIA_URL, item.file().toUri().toString(), FROM_PATH)
            .offer(Field.TITLE, probe.tag("title"), FROM_CONTAINER)
            .offer(Field.TITLE, baseName(item.relative()), FROM_FILE_NAME)
            .offer(Field.DESCRIPTION, probe.tag("description"), FROM_CONTAINER)
            .offer(Field.DESCRIPTION, probe.tag("comment"), FROM_CONTAINER)
            .offer(Field.AUTHOR, probe.tag("artist"), FROM_CONTAINER)
            .offer(Field.LANGUAGE, probe.tag("language"), FROM_CONTAINER)
            .offer(Field.PUBLISHED_AT, probe.tag("creation_time"), FROM_CONTAINER);
    VideoMetadata v =
        VideoRecords.build(
            f,
            item.file().toUri().toString(),
            canonical(item),
            DirectorySource.SOURCE,
            ingestedAt,
            zone);
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
    return b.setFieldSources(sources)
        .setMediaPath(stored.relativePath())
        .setMediaSha256(stored.sha256())
        .setMediaBytes(stored.bytes())
        .setMediaContentType(stored.contentType())
        .build();
  }

  /** {@code sub/My clip.final.mp4} → {@code My clip.final}. */
  static String baseName(String relative) {
    String name = relative.substring(relative.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
