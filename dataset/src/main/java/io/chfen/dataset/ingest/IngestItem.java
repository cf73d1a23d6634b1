package io.chfen.dataset.ingest;

import io.chfen.dataset.crawl.Field;
import io.chfen.dataset.crawl.Normalize;
import io.chfen.dataset.crawl.VideoRecords;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One video to bring in, from any source: a local file or an http(s) URL, with what its source told
 * of it (a list's fields, tags, split and other columns; nothing for a folder's file).
 *
 * <p>Its id is {@link VideoRecords#videoId} of {@code source} and {@code platformId}: {@code
 * list_<id column>} when the list names it, else {@code local_<path within the source>} for a file
 * and {@code u_<hash of the URL>} for a URL. Nothing of the machine or the day enters it.
 *
 * @param source the id's source part (and {@code VideoMetadata.source})
 * @param platformId the id within the source (the list's id, else the relative path), or null
 * @param locator the path within the source ({@code /}-separated) or the URL: how people find it
 * @param file the local file (absolute), or null for a URL
 * @param url the URL, or null for a local file
 * @param line the list line it came from (0: a folder's file)
 * @param fields values by {@link Field#key} as the source wrote them
 * @param split train, validation or test when the source says; null otherwise
 */
public record IngestItem(
    String id,
    String source,
    String platformId,
    String locator,
    String file,
    String url,
    int line,
    Map<String, String> fields,
    List<String> tags,
    Map<String, String> extra,
    String split)
    implements Serializable {

  /** The source part of ids given by a list's id column. */
  public static final String LIST_SOURCE = "list";

  public IngestItem {
    fields = new LinkedHashMap<>(fields);
    tags = new ArrayList<>(tags);
    extra = new LinkedHashMap<>(extra);
  }

  /** A file of a folder (or listed by path without an id), its id from {@code relative}. */
  public static IngestItem ofFile(Path file, String relative) {
    return of(
        DirectorySource.SOURCE,
        relative,
        relative,
        file.toAbsolutePath().toString(),
        null,
        0,
        Map.of(),
        List.of(),
        Map.of(),
        null);
  }

  static IngestItem of(
      String source,
      String platformId,
      String locator,
      String file,
      String url,
      int line,
      Map<String, String> fields,
      List<String> tags,
      Map<String, String> extra,
      String split) {
    String canonical = canonical(file != null, locator, url);
    return new IngestItem(
        VideoRecords.videoId(source, platformId, canonical),
        source,
        platformId,
        locator,
        file,
        url,
        line,
        fields,
        tags,
        extra,
        split);
  }

  /** Whether it is a local file (else a URL to download). */
  public boolean isFile() {
    return file != null;
  }

  public Path path() {
    return Path.of(file);
  }

  /** Its canonical address: {@code local:<path within the source>}, or the canonical URL. */
  public String canonical() {
    return canonical(isFile(), locator, url);
  }

  private static String canonical(boolean isFile, String locator, String url) {
    if (isFile) {
      return DirectorySource.SOURCE + ":" + locator;
    }
    String c = Normalize.canonicalUrl(url);
    return c != null ? c : url;
  }

  /** How a message names it: the list line and locator, or the path within the folder. */
  public String describe() {
    return line > 0 ? "line " + line + " (" + locator + ")" : locator;
  }
}
