package io.chfen.dataset.crawl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chfen.files.FileOps;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.storage.Scratch;
import io.chfen.storage.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Downloads media into content-addressed storage: {@code media/<sha[0..2]>/<sha256>.<ext>}. The
 * body is streamed (never held in memory) through a SHA-256 digest into a temporary file that is
 * renamed into place, under a byte cap, after checking the Content-Type and the container's magic
 * bytes. {@code media/by-id/<video id>.json} records which file a video has, so a re-run re-hashes
 * the file and skips the download when it verifies. The store may be an object store ({@code
 * s3://…}): the body is then received and checked in the worker's {@link Scratch}, put under its
 * SHA-256 name, and the index is put last (a re-run trusts a stored object whose name and size
 * match the index: the name is its hash, and a put is whole or absent). Thread-safe.
 */
public final class MediaDownloader {

  /** Where a video's media lies. */
  public record Stored(
      String relativePath, String sha256, long bytes, String contentType, boolean reused) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a body may be: a video container only (a video page's media), or sound alone too. */
  public enum Accept {
    VIDEO,
    VIDEO_OR_SOUND
  }

  private final Fetcher fetcher;
  private final CrawlConfig.Download cfg;
  private final Location root;
  private final Accept accept;

  /** A downloader of videos only (a crawled page's media). */
  public MediaDownloader(Fetcher fetcher, CrawlConfig.Download config, Location outputDir) {
    this(fetcher, config, outputDir, Accept.VIDEO);
  }

  public MediaDownloader(
      Fetcher fetcher, CrawlConfig.Download config, Location outputDir, Accept accept) {
    this.fetcher = fetcher;
    this.cfg = config;
    this.root = outputDir;
    this.accept = accept;
  }

  /** The container's extension, or null if this downloader does not take such a body. */
  private String kind(byte[] h, int len) {
    String video = container(h, len);
    return video != null || accept == Accept.VIDEO ? video : soundContainer(h, len);
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
    try (Scratch scratch = scratch(videoId)) {
      Path tmpDir = scratch.dir();
      Path tmp = tmpDir.resolve(UUID.randomUUID() + ".part");
      Stored s;
      try {
        s =
            fetcher.stream(
                mediaUrl,
                cfg.timeoutMs,
                (in, contentType, length) -> write(mediaUrl, in, contentType, length, tmp));
      } catch (Manifest m) {
        s = fromStream(mediaUrl, m.text, tmpDir, tmp);
      }
      place(tmp, s);
      writeIndex(videoId, mediaUrl, s);
      return s;
    } catch (IOException e) {
      throw new FetchException(
          mediaUrl, "io_error", "cannot store media: " + e.getMessage(), null, 1);
    }
  }

  /**
   * Where a body is received: beside the media on a local disk (so it is renamed into place), the
   * worker's scratch for an object store. Removed afterwards either way.
   */
  private Scratch scratch(String videoId) throws IOException {
    return root.isLocal()
        ? Scratch.in(RunLayout.at(root).mediaTmp().path(), videoId)
        : Scratch.create(videoId, cfg.maxBytes);
  }

  /**
   * Stores a local file (an ingested video) exactly as a download: the same checks on its bytes,
   * the same content-addressed place, the same per-video index; a file stored before and still
   * verifying is not copied again.
   */
  public Stored store(String videoId, Path file) throws FetchException {
    String name = file.toUri().toString();
    Stored existing;
    try {
      existing = verifiedExisting(videoId);
    } catch (IOException e) {
      throw new FetchException(name, "unsafe_id", e.getMessage(), null, 0);
    }
    if (existing != null) {
      return existing;
    }
    try (Scratch scratch = scratch(videoId);
        InputStream in = Files.newInputStream(file)) {
      Path tmp = scratch.dir().resolve(UUID.randomUUID() + ".part");
      Stored s = write(name, in, null, Files.size(file), tmp);
      place(tmp, s);
      writeIndex(videoId, name, s);
      return s;
    } catch (IOException e) {
      throw new FetchException(
          name, "io_error", "cannot store " + file + ": " + e.getMessage(), null, 1);
    }
  }

  /** An HLS playlist or DASH manifest where media was expected: its text, read whole. */
  private static final class Manifest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient String text;

    Manifest(String text) {
      super(null, null, false, false);
      this.text = text;
    }
  }

  /** Longest playlist or manifest read. */
  private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  /**
   * A stream put back together ({@link StreamDownloader}) and then checked and hashed like any
   * download, so its bytes meet the same container check and cap.
   */
  private Stored fromStream(String url, String manifest, Path tmpDir, Path tmp)
      throws FetchException, InterruptedException, IOException {
    Path work = tmpDir.resolve(UUID.randomUUID() + ".stream");
    Files.createDirectories(work);
    try {
      Path mp4 = work.resolve("remuxed.mp4");
      new StreamDownloader(fetcher, cfg, work).download(url, manifest, mp4);
      try (InputStream in = Files.newInputStream(mp4)) {
        return write(url, in, null, Files.size(mp4), tmp);
      }
    } finally {
      FileOps.deleteTree(work);
    }
  }

  /** Moves a checked body to its content-addressed place (or drops it if that holds it already). */
  private void place(Path tmp, Stored s) throws IOException {
    Location dest = root.resolve(s.relativePath());
    if (!holds(dest, s.sha256(), s.bytes())) {
      Storage.place(tmp, dest); // new, or replaces a corrupted copy; whole before it is named
    } // else the same bytes are already stored, for another video
  }

  /**
   * Whether {@code f} holds these bytes: re-hashed on a local disk; in an object store its name is
   * its hash and a put is whole, so the size is checked without a download.
   */
  private static boolean holds(Location f, String sha256, long bytes) throws IOException {
    long size = Storage.size(f);
    if (size != bytes) {
      return false;
    }
    return !f.isLocal() || sha256.equals(Storage.sha256(f));
  }

  private Stored write(String url, InputStream body, String contentType, long length, Path tmp)
      throws IOException, FetchException {
    String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (!ct.isEmpty()
        && !isManifestType(url, ct)
        && cfg.contentTypes.stream().noneMatch(ct::startsWith)
        && !(accept == Accept.VIDEO_OR_SOUND && ct.startsWith("audio/"))) {
      throw new FetchException(
          url, "not_video_content", "Content-Type " + contentType + " is not a video", null, 1);
    }
    if (length > cfg.maxBytes) {
      throw new FetchException(
          url, "media_too_large", "Content-Length " + length + " > " + cfg.maxBytes, null, 1);
    }
    MessageDigest sha = FileOps.newSha256();
    byte[] head = new byte[SNIFF_BYTES];
    int headLen = 0;
    long total = 0;
    try (InputStream in = new DigestInputStream(body, sha);
        OutputStream out = Files.newOutputStream(tmp)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = read(url, in, buf, total, length)) > 0) {
        if (headLen < head.length) {
          int take = Math.min(n, head.length - headLen);
          System.arraycopy(buf, 0, head, headLen, take);
          headLen += take;
          if (total == 0 && StreamDownloader.isManifest(buf, n)) {
            throw new Manifest(readManifest(url, buf, n, in));
          }
          if (headLen == head.length && kind(head, headLen) == null) {
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
    if (kind(head, headLen) == null) {
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
    String rel =
        RunLayout.MEDIA + "/" + hex.substring(0, 2) + "/" + hex + "." + kind(head, headLen);
    return new Stored(rel, hex, total, contentType, false);
  }

  /** HLS and DASH as servers label them, or by the address's extension. */
  private static boolean isManifestType(String url, String ct) {
    String path = url.replaceFirst("[?#].*$", "").toLowerCase(Locale.ROOT);
    return ct.contains("mpegurl")
        || ct.contains("dash+xml")
        || path.endsWith(".m3u8")
        || path.endsWith(".mpd");
  }

  private static String readManifest(String url, byte[] first, int n, InputStream in)
      throws IOException, FetchException {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    text.write(first, 0, n);
    byte[] buf = new byte[1 << 16];
    int k;
    while ((k = in.read(buf)) > 0) {
      text.write(buf, 0, k);
      if (text.size() > MAX_MANIFEST_BYTES) {
        throw new FetchException(
            url, "body_too_large", "a manifest over " + MAX_MANIFEST_BYTES + " bytes", null, 1);
      }
    }
    return text.toString(StandardCharsets.UTF_8);
  }

  /**
   * One read of the body; a connection that ends before the body does is {@code truncated}, named
   * with how far it got (a timeout stays a timeout).
   */
  private static int read(String url, InputStream in, byte[] buf, long total, long length)
      throws IOException, FetchException {
    try {
      return in.read(buf);
    } catch (java.net.SocketTimeoutException | java.net.http.HttpTimeoutException e) {
      throw e;
    } catch (IOException e) {
      throw new FetchException(
          url,
          "truncated",
          "body ended after "
              + total
              + (length >= 0 ? " of " + length : "")
              + " bytes: "
              + e.getMessage(),
          null,
          1);
    }
  }

  /** Bytes read before deciding what a body is: three MPEG-TS packets and then some. */
  static final int SNIFF_BYTES = 1024;

  /** ISO BMFF boxes a file may begin with (QuickTime files often start with free space). */
  private static final Set<String> FIRST_BOXES =
      Set.of("ftyp", "moov", "mdat", "free", "skip", "wide");

  /** ISO BMFF brands of stills (HEIF, AVIF, JPEG in ISO BMFF) and of sound alone. */
  private static final Set<String> NOT_VIDEO_BRANDS =
      Set.of(
          "avif", "heic", "heix", "heim", "heis", "mif1", "mif2", "jpeg", "M4A ", "M4B ", "M4P ");

  private static final int TS_PACKET = 188;

  /**
   * The container's usual extension from its structure, or null if it is not a video container: the
   * first ISO BMFF box and its brand, EBML's DocType, a RIFF AVI, an FLV header that declares
   * video, an Ogg stream of video, an MPEG program stream pack, or MPEG-TS sync bytes at every
   * packet (188 bytes, or 192 with a timecode). One matching byte is never enough: a GIF starts
   * with 0x47 like a TS packet.
   *
   * @param len how many bytes of {@code h} were read (a short body is judged on what it has)
   */
  static String container(byte[] h, int len) {
    ByteBuffer b = ByteBuffer.wrap(h, 0, len);
    if (len >= 12 && FIRST_BOXES.contains(ascii(h, 4, 4))) {
      long size = b.getInt(0) & 0xffffffffL;
      if (size != 0 && size != 1 && size < 8) {
        return null;
      }
      if (!ascii(h, 4, 4).equals("ftyp")) {
        return "mov";
      }
      String brand = ascii(h, 8, 4);
      if (NOT_VIDEO_BRANDS.contains(brand) || size < 16) {
        return null;
      }
      return brand.startsWith("qt") ? "mov" : "mp4";
    }
    if (len >= 4 && b.getInt(0) == 0x1A45DFA3) {
      String header = ascii(h, 4, Math.min(len, 64) - 4);
      return header.contains("webm") ? "webm" : header.contains("matroska") ? "mkv" : null;
    }
    if (len >= 12 && ascii(h, 0, 4).equals("RIFF") && ascii(h, 8, 4).equals("AVI ")) {
      return "avi";
    }
    if (len >= 9 && ascii(h, 0, 3).equals("FLV") && h[3] == 1) {
      boolean video = (h[4] & 0x01) != 0;
      return video && b.getInt(5) >= 9 ? "flv" : null;
    }
    if (len >= 4 && ascii(h, 0, 4).equals("OggS")) {
      String pages = ascii(h, 0, len);
      return pages.contains("theora") || pages.contains("OVP80") || pages.contains("fishead")
          ? "ogv"
          : null;
    }
    if (len >= 4 && b.getInt(0) == 0x000001BA) {
      return "mpg";
    }
    if (syncEvery(h, len, 0, TS_PACKET) || syncEvery(h, len, 4, TS_PACKET + 4)) {
      return "ts";
    }
    return null;
  }

  /**
   * The extension of a container of sound alone, from its structure, or null: RIFF WAVE, FLAC, an
   * Ogg stream of Vorbis or Opus, ISO BMFF with an M4A/M4B brand, MP3 (an ID3 tag, or an MPEG audio
   * frame header), AAC in ADTS frames.
   */
  static String soundContainer(byte[] h, int len) {
    if (len >= 12 && ascii(h, 0, 4).equals("RIFF") && ascii(h, 8, 4).equals("WAVE")) {
      return "wav";
    }
    if (len >= 4 && ascii(h, 0, 4).equals("fLaC")) {
      return "flac";
    }
    if (len >= 4 && ascii(h, 0, 4).equals("OggS")) {
      String pages = ascii(h, 0, len);
      return pages.contains("OpusHead") ? "opus" : pages.contains("vorbis") ? "ogg" : null;
    }
    if (len >= 12 && ascii(h, 4, 4).equals("ftyp")) {
      String brand = ascii(h, 8, 4);
      return brand.equals("M4A ") || brand.equals("M4B ") ? "m4a" : null;
    }
    if (len >= 10 && ascii(h, 0, 3).equals("ID3")) {
      return "mp3";
    }
    if (len >= 4 && (h[0] & 0xff) == 0xff && (h[1] & 0xe0) == 0xe0) {
      int version = (h[1] >> 3) & 0x3;
      int layer = (h[1] >> 1) & 0x3;
      int bitrate = (h[2] >> 4) & 0xf;
      int rate = (h[2] >> 2) & 0x3;
      if (layer == 0 && (h[1] & 0xf6) == 0xf0) {
        return "aac"; // ADTS: the MPEG sync word with layer 0
      }
      return version != 1 && layer != 0 && bitrate != 0 && bitrate != 15 && rate != 3
          ? "mp3"
          : null;
    }
    return null;
  }

  /** 0x47 at {@code first} and every {@code step} bytes after, for at least three packets. */
  private static boolean syncEvery(byte[] h, int len, int first, int step) {
    if (len < first + 2 * step + 1) {
      return false;
    }
    for (int i = first; i < len; i += step) {
      if (h[i] != 0x47) {
        return false;
      }
    }
    return true;
  }

  private static String ascii(byte[] h, int from, int n) {
    return new String(h, from, n, StandardCharsets.ISO_8859_1);
  }

  private static String describe(byte[] head) {
    String ascii = ascii(head, 0, 16).replaceAll("[^\\x20-\\x7e]", ".");
    return "starts with \"" + ascii + "\"";
  }

  private Stored verifiedExisting(String videoId) throws IOException {
    Location index = indexPath(videoId);
    try {
      if (!Storage.exists(index)) {
        return null;
      }
      ObjectNode n = (ObjectNode) JSON.readTree(Storage.readBytes(index));
      Location file = root.resolve(n.get("path").asText());
      String expected = n.get("sha256").asText();
      long bytes = n.get("bytes").asLong();
      if (!holds(file, expected, bytes)) {
        return null; // missing or corrupted since: download again
      }
      String ct = n.hasNonNull("contentType") ? n.get("contentType").asText() : null;
      return new Stored(n.get("path").asText(), expected, bytes, ct, true);
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
    Storage.write(indexPath(videoId), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
  }

  private Location indexPath(String videoId) throws IOException {
    return RunLayout.at(root).media().child("by-id").resolve(videoId + ".json");
  }
}
