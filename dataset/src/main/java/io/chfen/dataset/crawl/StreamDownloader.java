package io.chfen.dataset.crawl;

import io.chfen.media.MediaException;
import io.chfen.media.Remux;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Media as platforms stream it: an HLS playlist ({@code .m3u8}) or a DASH manifest ({@code .mpd})
 * becomes one MP4, copied without re-encoding. Every request (playlists, keys, init and media
 * segments) goes through the crawl's {@link Fetcher}, so the allowlist, robots.txt and the per-host
 * politeness hold for segments as for pages; the bytes of all segments together count against
 * {@code download.maxBytes}, and the whole stream against {@code download.timeoutMs}.
 *
 * <p>The rendition is the best one whose estimated size (bandwidth × duration) fits the byte cap,
 * else the smallest; DASH takes its best video and best audio representation. HLS AES-128 is
 * decrypted; live streams and DRM (SAMPLE-AES, DASH ContentProtection) are refused with a reason.
 * Each track's segments are joined in order (an init segment first), and {@link Remux} copies the
 * tracks into one MP4. Not thread-safe: one instance per download.
 */
final class StreamDownloader {

  /** Reason codes of streams that cannot be taken. */
  static final String LIVE = "live_stream";

  static final String DRM = "encrypted_stream";
  static final String BAD_MANIFEST = "bad_manifest";

  /** One resource to fetch: a URL, the bytes of it to keep, and how to decrypt them. */
  private record Part(String url, long offset, long length, byte[] key, byte[] iv) {}

  /** One track: its parts in order (an init segment first, if any). */
  private record Track(String name, List<Part> parts) {}

  /** A media playlist's parts and its length in seconds. */
  private record Playlist(List<Part> parts, double seconds) {}

  private final Fetcher fetcher;
  private final CrawlConfig.Download cfg;
  private final Path work;
  private final long deadline;
  private final Map<String, byte[]> cache = new HashMap<>();
  private long bytes;

  /**
   * @param work an empty scratch directory, the caller's to delete
   */
  StreamDownloader(Fetcher fetcher, CrawlConfig.Download cfg, Path work) {
    this.fetcher = fetcher;
    this.cfg = cfg;
    this.work = work;
    this.deadline = System.nanoTime() + cfg.timeoutMs * 1_000_000L;
  }

  /** True when a body (its first bytes) is a playlist or manifest rather than media. */
  static boolean isManifest(byte[] head, int len) {
    String s = new String(head, 0, Math.min(len, 512), StandardCharsets.UTF_8).stripLeading();
    if (s.startsWith("\uFEFF")) {
      s = s.substring(1);
    }
    return s.startsWith("#EXTM3U") || (s.startsWith("<") && s.contains("<MPD"));
  }

  /** Downloads the stream the manifest at {@code url} describes into {@code out} as an MP4. */
  Remux.Result download(String url, String manifest, Path out)
      throws FetchException, InterruptedException, IOException {
    List<Track> tracks =
        manifest.stripLeading().replace("\uFEFF", "").startsWith("#EXTM3U")
            ? hls(url, manifest)
            : dash(url, manifest);
    List<Path> files = new ArrayList<>();
    for (Track t : tracks) {
      Path f = work.resolve(t.name());
      try (OutputStream o = Files.newOutputStream(f)) {
        for (Part p : t.parts()) {
          o.write(bytesOf(p));
        }
      }
      files.add(f);
    }
    try {
      return Remux.toMp4(files, out);
    } catch (MediaException e) {
      throw new FetchException(url, e.reason(), e.getMessage(), null, 1);
    }
  }

  // ---- HLS ------------------------------------------------------------------------------------

  private static final Pattern ATTR = Pattern.compile("([A-Z0-9-]+)=(\"[^\"]*\"|[^,]*)");

  private static Map<String, String> attrs(String line) {
    Map<String, String> m = new LinkedHashMap<>();
    Matcher a = ATTR.matcher(line.substring(line.indexOf(':') + 1));
    while (a.find()) {
      String v = a.group(2);
      m.put(a.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
    }
    return m;
  }

  private record Variant(String url, long bandwidth, String audioGroup) {}

  private List<Track> hls(String url, String text) throws FetchException, InterruptedException {
    List<String> lines = text.lines().map(String::trim).toList();
    if (lines.stream().noneMatch(l -> l.startsWith("#EXT-X-STREAM-INF"))) {
      return List.of(new Track("track0", hlsSegments(url, text).parts()));
    }
    List<Variant> variants = new ArrayList<>();
    Map<String, String> audioUri = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.startsWith("#EXT-X-STREAM-INF")) {
        Map<String, String> a = attrs(l);
        int j = i + 1;
        while (j < lines.size() && (lines.get(j).isEmpty() || lines.get(j).startsWith("#"))) {
          j++;
        }
        if (j < lines.size()) {
          variants.add(
              new Variant(
                  resolve(url, lines.get(j)),
                  parseLong(a.getOrDefault("BANDWIDTH", "0")),
                  a.get("AUDIO")));
        }
      } else if (l.startsWith("#EXT-X-MEDIA") && "AUDIO".equals(attrs(l).get("TYPE"))) {
        Map<String, String> a = attrs(l);
        if (a.containsKey("URI")
            && (!audioUri.containsKey(a.get("GROUP-ID")) || "YES".equals(a.get("DEFAULT")))) {
          audioUri.put(a.get("GROUP-ID"), resolve(url, a.get("URI")));
        }
      }
    }
    variants.sort(Comparator.comparingLong(Variant::bandwidth).reversed());
    List<Part> chosen = null;
    Variant pick = null;
    for (Variant v : variants) {
      Playlist playlist = hlsSegments(v.url(), text(v.url()));
      chosen = playlist.parts();
      pick = v;
      if (v.bandwidth() * playlist.seconds() / 8 <= cfg.maxBytes) {
        break; // the best that fits; else the loop ends on the smallest
      }
    }
    if (pick == null) {
      throw new FetchException(url, BAD_MANIFEST, "a master playlist with no variant", null, 1);
    }
    List<Track> tracks = new ArrayList<>(List.of(new Track("track0", chosen)));
    String audio = pick.audioGroup() == null ? null : audioUri.get(pick.audioGroup());
    if (audio != null) {
      tracks.add(new Track("track1", hlsSegments(audio, text(audio)).parts()));
    }
    return tracks;
  }

  private Playlist hlsSegments(String url, String text)
      throws FetchException, InterruptedException {
    List<Part> parts = new ArrayList<>();
    byte[] key = null;
    byte[] iv = null;
    long sequence = 0;
    long rangeLength = -1;
    long rangeOffset = 0;
    boolean ended = false;
    double seconds = 0;
    String lastRangeUrl = null;
    for (String l : text.lines().map(String::trim).toList()) {
      if (l.isEmpty()) {
        continue;
      }
      if (l.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
        sequence = parseLong(l.substring(l.indexOf(':') + 1));
      } else if (l.startsWith("#EXT-X-ENDLIST") || l.equals("#EXT-X-PLAYLIST-TYPE:VOD")) {
        ended = true;
      } else if (l.startsWith("#EXT-X-KEY:")) {
        Map<String, String> a = attrs(l);
        String method = a.getOrDefault("METHOD", "NONE");
        if (method.equals("NONE")) {
          key = null;
          iv = null;
        } else if (method.equals("AES-128")) {
          key = fetchAll(resolve(url, a.get("URI")));
          if (key.length != 16) {
            throw new FetchException(
                url, BAD_MANIFEST, "an AES-128 key of " + key.length + " bytes", null, 1);
          }
          iv = a.containsKey("IV") ? hex(a.get("IV")) : null;
        } else {
          throw new FetchException(url, DRM, "HLS encrypted with " + method + " (DRM)", null, 1);
        }
      } else if (l.startsWith("#EXT-X-MAP:")) {
        Map<String, String> a = attrs(l);
        long[] r = range(a.get("BYTERANGE"), 0);
        parts.add(new Part(resolve(url, a.get("URI")), r[1], r[0], null, null));
      } else if (l.startsWith("#EXTINF:")) {
        String d = l.substring(8).split(",", 2)[0].trim();
        try {
          seconds += Double.parseDouble(d);
        } catch (NumberFormatException e) {
          throw new FetchException(url, BAD_MANIFEST, "bad #EXTINF: " + l, null, 1);
        }
      } else if (l.startsWith("#EXT-X-BYTERANGE:")) {
        long[] r = range(l.substring(l.indexOf(':') + 1), rangeOffset);
        rangeLength = r[0];
        rangeOffset = r[1];
      } else if (!l.startsWith("#")) {
        String seg = resolve(url, l);
        byte[] segIv = key == null ? null : iv != null ? iv : sequenceIv(sequence);
        if (rangeLength >= 0) {
          long offset = seg.equals(lastRangeUrl) || rangeOffset > 0 ? rangeOffset : 0;
          parts.add(new Part(seg, offset, rangeLength, key, segIv));
          rangeOffset = offset + rangeLength;
          lastRangeUrl = seg;
          rangeLength = -1;
        } else {
          parts.add(new Part(seg, 0, -1, key, segIv));
        }
        sequence++;
      }
    }
    if (!ended) {
      throw new FetchException(url, LIVE, "a live HLS playlist (no #EXT-X-ENDLIST)", null, 1);
    }
    if (parts.isEmpty()) {
      throw new FetchException(url, BAD_MANIFEST, "an HLS playlist with no segment", null, 1);
    }
    return new Playlist(parts, seconds);
  }

  /** {@code n[@o]} → {length, offset}; without {@code @o} the range follows the previous one. */
  private static long[] range(String spec, long next) {
    if (spec == null) {
      return new long[] {-1, 0};
    }
    String[] p = spec.split("@");
    return new long[] {parseLong(p[0]), p.length > 1 ? parseLong(p[1]) : next};
  }

  private static byte[] sequenceIv(long sequence) {
    byte[] iv = new byte[16];
    for (int i = 0; i < 8; i++) {
      iv[15 - i] = (byte) (sequence >>> (8 * i));
    }
    return iv;
  }

  private static byte[] hex(String s) {
    String h = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    byte[] out = new byte[16];
    h = "0".repeat(Math.max(0, 32 - h.length())) + h;
    for (int i = 0; i < 16; i++) {
      out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  // ---- DASH -----------------------------------------------------------------------------------

  private List<Track> dash(String url, String text) throws FetchException {
    Document mpd = Jsoup.parse(text, url, Parser.xmlParser());
    Element root = mpd.selectFirst("MPD");
    if (root == null) {
      throw new FetchException(url, BAD_MANIFEST, "no MPD element", null, 1);
    }
    if ("dynamic".equals(root.attr("type"))) {
      throw new FetchException(url, LIVE, "a live DASH manifest (type=dynamic)", null, 1);
    }
    if (!mpd.select("ContentProtection").isEmpty()) {
      throw new FetchException(url, DRM, "DASH with ContentProtection (DRM)", null, 1);
    }
    Element period = root.selectFirst("Period");
    if (period == null) {
      throw new FetchException(url, BAD_MANIFEST, "no Period", null, 1);
    }
    double seconds =
        Normalize.durationSeconds(
                period.hasAttr("duration")
                    ? period.attr("duration")
                    : root.attr("mediaPresentationDuration"))
            .orElse(0.0);
    String base = baseUrl(baseUrl(url, root), period);
    Element bestVideo = null;
    Element bestAudio = null;
    for (Element set : period.select("> AdaptationSet")) {
      for (Element rep : set.select("> Representation")) {
        String kind = kind(set, rep);
        if (kind.equals("video") && better(rep, bestVideo, seconds)) {
          bestVideo = rep;
        } else if (kind.equals("audio") && better(rep, bestAudio, seconds)) {
          bestAudio = rep;
        }
      }
    }
    List<Track> tracks = new ArrayList<>();
    int n = 0;
    for (Element rep : new Element[] {bestVideo, bestAudio}) {
      if (rep != null) {
        tracks.add(new Track("track" + n++, representation(url, base, rep, seconds)));
      }
    }
    if (tracks.isEmpty()) {
      throw new FetchException(url, BAD_MANIFEST, "no video or audio representation", null, 1);
    }
    return tracks;
  }

  private static String kind(Element set, Element rep) {
    for (String a : List.of(rep.attr("mimeType"), set.attr("mimeType"), set.attr("contentType"))) {
      String x = a.toLowerCase(Locale.ROOT);
      if (x.startsWith("video")) {
        return "video";
      }
      if (x.startsWith("audio")) {
        return "audio";
      }
    }
    return rep.hasAttr("width") || set.hasAttr("maxWidth") ? "video" : "other";
  }

  /** A higher bandwidth that still fits the byte cap, or a smaller one when none fits yet. */
  private boolean better(Element rep, Element best, double seconds) {
    if (best == null) {
      return true;
    }
    long b = parseLong(rep.attr("bandwidth"));
    long cur = parseLong(best.attr("bandwidth"));
    boolean fits = b * seconds / 8 <= cfg.maxBytes;
    boolean curFits = cur * seconds / 8 <= cfg.maxBytes;
    return fits ? !curFits || b > cur : !curFits && b < cur;
  }

  private static String baseUrl(String parent, Element e) {
    Element b = e.selectFirst("> BaseURL");
    return b == null ? parent : resolve(parent, b.text().trim());
  }

  private List<Part> representation(String url, String base, Element rep, double seconds)
      throws FetchException {
    Element set = rep.parent();
    String repBase = baseUrl(baseUrl(base, set), rep);
    Element template = rep.selectFirst("> SegmentTemplate");
    if (template == null) {
      template = set.selectFirst("> SegmentTemplate");
    }
    List<Part> parts = new ArrayList<>();
    String id = rep.attr("id");
    String bandwidth = rep.attr("bandwidth");
    if (template != null) {
      if (!template.attr("initialization").isEmpty()) {
        parts.add(part(repBase, fill(template.attr("initialization"), id, bandwidth, 0, 0)));
      }
      long start = template.hasAttr("startNumber") ? parseLong(template.attr("startNumber")) : 1;
      String media = template.attr("media");
      Element timeline = template.selectFirst("> SegmentTimeline");
      long number = start;
      if (timeline != null) {
        long t = 0;
        for (Element s : timeline.select("> S")) {
          if (s.hasAttr("t")) {
            t = parseLong(s.attr("t"));
          }
          long d = parseLong(s.attr("d"));
          long repeat = s.hasAttr("r") ? parseLong(s.attr("r")) : 0;
          if (repeat < 0) {
            throw new FetchException(
                url, BAD_MANIFEST, "an open-ended S@r in a static MPD", null, 1);
          }
          for (long k = 0; k <= repeat; k++) {
            parts.add(part(repBase, fill(media, id, bandwidth, number++, t)));
            t += d;
          }
        }
      } else {
        double scale = template.hasAttr("timescale") ? parseLong(template.attr("timescale")) : 1;
        long d = parseLong(template.attr("duration"));
        if (d <= 0 || seconds <= 0) {
          throw new FetchException(
              url, BAD_MANIFEST, "a SegmentTemplate without duration", null, 1);
        }
        long count = (long) Math.ceil(seconds * scale / d - 1e-9);
        for (long k = 0; k < count; k++) {
          parts.add(part(repBase, fill(media, id, bandwidth, number++, k * d)));
        }
      }
      return parts;
    }
    Element list = rep.selectFirst("> SegmentList");
    if (list != null) {
      Element init = list.selectFirst("> Initialization");
      if (init != null && init.hasAttr("sourceURL")) {
        parts.add(part(repBase, init.attr("sourceURL")));
      }
      for (Element s : list.select("> SegmentURL")) {
        parts.add(part(repBase, s.attr("media")));
      }
      return parts;
    }
    // SegmentBase or a bare BaseURL: the representation is one file
    parts.add(new Part(repBase, 0, -1, null, null));
    return parts;
  }

  private static Part part(String base, String ref) {
    return new Part(resolve(base, ref), 0, -1, null, null);
  }

  private static final Pattern TEMPLATE =
      Pattern.compile("\\$(RepresentationID|Number|Time|Bandwidth)(%0(\\d+)d)?\\$|\\$\\$");

  private static String fill(String template, String id, String bandwidth, long number, long time) {
    Matcher m = TEMPLATE.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v;
      if (m.group(1) == null) {
        v = "$";
      } else {
        v =
            switch (m.group(1)) {
              case "RepresentationID" -> id;
              case "Number" -> Long.toString(number);
              case "Time" -> Long.toString(time);
              default -> bandwidth;
            };
        if (m.group(3) != null && !m.group(1).equals("RepresentationID")) {
          v = "0".repeat(Math.max(0, Integer.parseInt(m.group(3)) - v.length())) + v;
        }
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  // ---- fetching -------------------------------------------------------------------------------

  private static String resolve(String base, String ref) {
    return Normalize.absoluteUrl(base, ref).orElse(ref);
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private String text(String url) throws FetchException, InterruptedException {
    return new String(fetchAll(url), StandardCharsets.UTF_8);
  }

  /** The bytes of a part: a range of a resource (each resource fetched once), decrypted. */
  private byte[] bytesOf(Part p) throws FetchException, InterruptedException {
    byte[] all = fetchAll(p.url());
    byte[] b = all;
    if (p.length() >= 0 || p.offset() > 0) {
      long end = p.length() >= 0 ? p.offset() + p.length() : all.length;
      if (end > all.length) {
        throw new FetchException(
            p.url(), "truncated", "a byte range past the end of the segment", null, 1);
      }
      b = Arrays.copyOfRange(all, (int) p.offset(), (int) end);
    }
    if (p.key() == null) {
      return b;
    }
    try {
      Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(p.key(), "AES"), new IvParameterSpec(p.iv()));
      return c.doFinal(b);
    } catch (GeneralSecurityException e) {
      throw new FetchException(
          p.url(), DRM, "cannot decrypt the segment: " + e.getMessage(), null, 1);
    }
  }

  /** A whole resource, counted against the stream's byte cap and deadline; fetched once. */
  private byte[] fetchAll(String url) throws FetchException, InterruptedException {
    byte[] known = cache.get(url);
    if (known != null) {
      return known;
    }
    long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
    if (leftMs <= 0) {
      throw new FetchException(
          url, "timeout", "the stream took longer than " + cfg.timeoutMs + " ms", null, 1);
    }
    byte[] body =
        fetcher.stream(
            url,
            (int) Math.min(Integer.MAX_VALUE, leftMs),
            (in, contentType, length) -> readCapped(url, in));
    cache.clear(); // a segment is used once, or once more for its next byte range
    cache.put(url, body);
    return body;
  }

  private byte[] readCapped(String url, InputStream in) throws IOException, FetchException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    int n;
    while ((n = in.read(buf)) > 0) {
      bytes += n;
      if (bytes > cfg.maxBytes) {
        throw new FetchException(
            url,
            "media_too_large",
            "the stream's segments exceed " + cfg.maxBytes + " bytes",
            null,
            1);
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}
