package io.chfen.dataset.crawl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chfen.files.FileOps;
import io.chfen.layout.RunLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * Downloads media into content-addressed storage: {@code media/<sha[0..2]>/<sha256>.<ext>}. The
 * body is streamed (never held in memory) through a SHA-256 digest into a temporary file that is
 * renamed into place, under a byte cap, after checking the Content-Type and the container's magic
 * bytes. {@code media/by-id/<video id>.json} records which file a video has, so a re-run re-hashes
 * the file and skips the download when it verifies. Thread-safe.
 */
public final class MediaDownloader {

  /** Where a video's media lies. */
  public record Stored(
      String relativePath, String sha256, long bytes, String contentType, boolean reused) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Fetcher fetcher;
  private final CrawlConfig.Download cfg;
  private final Path root;

  public MediaDownloader(Fetcher fetcher, CrawlConfig.Download config, Path outputDir) {
    this.fetcher = fetcher;
    this.cfg = config;
    this.root = outputDir;
  }

  public Stored download(String videoId, String mediaUrl)
      throws FetchException, InterruptedException {
    Stored existing;
    try {
      existing = verifiedExisting(videoId);
    } catch (IOException e) {
      throw new FetchException(mediaUrl, "unsafe_id", e.getMessage(), null, 0);
    }
    if (existing != null) {
      return existing;
    }
    Path tmpDir = RunLayout.at(root).media().resolve("tmp");
    Path tmp = tmpDir.resolve(UUID.randomUUID() + ".part");
    try {
      Files.createDirectories(tmpDir);
      Stored s =
          fetcher.stream(
              mediaUrl,
              cfg.timeoutMs,
              (in, contentType, length) -> write(mediaUrl, in, contentType, length, tmp));
      Path dest = FileOps.within(root, s.relativePath());
      Files.createDirectories(dest.getParent());
      if (Files.exists(dest) && s.sha256().equals(FileOps.sha256(dest))) {
        Files.delete(tmp); // the same bytes are already stored, for another video
      } else {
        FileOps.moveAtomically(tmp, dest); // new, or replaces a corrupted copy
      }
      writeIndex(videoId, mediaUrl, s);
      return s;
    } catch (IOException e) {
      throw new FetchException(
          mediaUrl, "io_error", "cannot store media: " + e.getMessage(), null, 1);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a stray .part file in media/tmp is harmless and is never read
      }
    }
  }

  private Stored write(String url, InputStream body, String contentType, long length, Path tmp)
      throws IOException, FetchException {
    String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (!ct.isEmpty() && cfg.contentTypes.stream().noneMatch(ct::startsWith)) {
      throw new FetchException(
          url, "not_video_content", "Content-Type " + contentType + " is not a video", null, 1);
    }
    if (length > cfg.maxBytes) {
      throw new FetchException(
          url, "media_too_large", "Content-Length " + length + " > " + cfg.maxBytes, null, 1);
    }
    MessageDigest sha = FileOps.newSha256();
    byte[] head = new byte[16];
    int headLen = 0;
    long total = 0;
    try (InputStream in = new DigestInputStream(body, sha);
        OutputStream out = Files.newOutputStream(tmp)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (headLen < head.length) {
          int take = Math.min(n, head.length - headLen);
          System.arraycopy(buf, 0, head, headLen, take);
          headLen += take;
          if (headLen == head.length && container(head) == null) {
            throw new FetchException(
                url,
                "not_video_content",
                "bytes are not a video container (" + describe(head) + ")",
                null,
                1);
          }
        }
        total += n;
        if (total > cfg.maxBytes) {
          throw new FetchException(
              url, "media_too_large", "body exceeds " + cfg.maxBytes + " bytes", null, 1);
        }
        out.write(buf, 0, n);
      }
    }
    if (headLen < head.length || container(head) == null) {
      throw new FetchException(
          url,
          "not_video_content",
          "body of " + total + " bytes is not a video container",
          null,
          1);
    }
    if (length >= 0 && total != length) {
      throw new FetchException(
          url, "truncated", "got " + total + " of " + length + " bytes", null, 1);
    }
    String hex = HexFormat.of().formatHex(sha.digest());
    String rel = RunLayout.MEDIA + "/" + hex.substring(0, 2) + "/" + hex + "." + container(head);
    return new Stored(rel, hex, total, contentType, false);
  }

  /** The container's usual extension from its magic bytes, or null if it is not a video. */
  static String container(byte[] h) {
    if (h.length >= 12 && h[4] == 'f' && h[5] == 't' && h[6] == 'y' && h[7] == 'p') {
      String brand = new String(h, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
      return brand.startsWith("qt") ? "mov" : "mp4";
    }
    if ((h[0] & 0xff) == 0x1A
        && (h[1] & 0xff) == 0x45
        && (h[2] & 0xff) == 0xDF
        && (h[3] & 0xff) == 0xA3) {
      return "mkv";
    }
    if (h[0] == 'R'
        && h[1] == 'I'
        && h[2] == 'F'
        && h[3] == 'F'
        && h[8] == 'A'
        && h[9] == 'V'
        && h[10] == 'I') {
      return "avi";
    }
    if (h[0] == 'F' && h[1] == 'L' && h[2] == 'V') {
      return "flv";
    }
    if (h[0] == 'O' && h[1] == 'g' && h[2] == 'g' && h[3] == 'S') {
      return "ogv";
    }
    if (h[0] == 0 && h[1] == 0 && h[2] == 1 && (h[3] & 0xff) == 0xBA) {
      return "mpg";
    }
    if (h[0] == 0x47) {
      return "ts";
    }
    return null;
  }

  private static String describe(byte[] head) {
    String ascii =
        new String(head, java.nio.charset.StandardCharsets.ISO_8859_1)
            .replaceAll("[^\\x20-\\x7e]", ".");
    return "starts with \"" + ascii + "\"";
  }

  private Stored verifiedExisting(String videoId) throws IOException {
    Path index = indexPath(videoId);
    if (!Files.exists(index)) {
      return null;
    }
    try {
      ObjectNode n = (ObjectNode) JSON.readTree(index.toFile());
      Path file = FileOps.within(root, n.get("path").asText());
      if (!Files.exists(file)) {
        return null;
      }
      String expected = n.get("sha256").asText();
      if (!FileOps.sha256(file).equals(expected)) {
        return null; // corrupted since: download again
      }
      String ct = n.hasNonNull("contentType") ? n.get("contentType").asText() : null;
      return new Stored(n.get("path").asText(), expected, Files.size(file), ct, true);
    } catch (IOException | RuntimeException e) {
      return null; // an unreadable index is no index
    }
  }

  private void writeIndex(String videoId, String url, Stored s) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("videoId", videoId)
        .put("url", url)
        .put("path", s.relativePath())
        .put("sha256", s.sha256())
        .put("bytes", s.bytes());
    n.put("contentType", s.contentType());
    Path index = indexPath(videoId);
    Files.createDirectories(index.getParent());
    Path tmp = index.resolveSibling(index.getFileName() + "." + UUID.randomUUID() + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), n);
    FileOps.moveAtomically(tmp, index);
  }

  private Path indexPath(String videoId) throws IOException {
    return FileOps.within(RunLayout.at(root).media().resolve("by-id"), videoId + ".json");
  }
}
