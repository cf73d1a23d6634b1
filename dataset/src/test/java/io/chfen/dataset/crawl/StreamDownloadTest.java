package io.chfen.dataset.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.files.FileOps;
import io.chfen.files.Location;
import io.chfen.sample.SampleData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HLS and DASH as the {@code ffmpeg} program segments them (MPEG-TS with AES-128, fragmented MP4
 * behind a master playlist, DASH with separate video and audio), served on loopback and put back
 * together into one MP4 with every packet of the source, not re-encoded.
 */
class StreamDownloadTest {
  @TempDir static Path served;
  private static LoopbackServer server;
  private static Path source;
  private static Map<String, Integer> sourcePackets;

  @TempDir Path out;

  @BeforeAll
  static void segment() throws Exception {
    source = SampleData.corpus().resolve("c04.mp4");
    sourcePackets = packets(source);
    Path ts = Files.createDirectories(served.resolve("ts"));
    byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    Files.write(ts.resolve("k.key"), key);
    Files.writeString(
        ts.resolve("keyinfo"),
        "k.key\n" + ts.resolve("k.key") + "\n" + "00000000000000000000000000000001\n");
    ffmpeg(
        ts,
        "-i",
        source.toString(),
        "-c",
        "copy",
        "-f",
        "hls",
        "-hls_time",
        "2",
        "-hls_playlist_type",
        "vod",
        "-hls_key_info_file",
        "keyinfo",
        "-hls_segment_filename",
        "s%03d.ts",
        "index.m3u8");
    Path fmp4 = Files.createDirectories(served.resolve("fmp4"));
    ffmpeg(
        fmp4,
        "-i",
        source.toString(),
        "-c",
        "copy",
        "-f",
        "hls",
        "-hls_time",
        "2",
        "-hls_playlist_type",
        "vod",
        "-hls_segment_type",
        "fmp4",
        "-master_pl_name",
        "master.m3u8",
        "-hls_segment_filename",
        "seg%03d.m4s",
        "media.m3u8");
    Path dash = Files.createDirectories(served.resolve("dash"));
    ffmpeg(
        dash,
        "-i",
        source.toString(),
        "-c",
        "copy",
        "-f",
        "dash",
        "-seg_duration",
        "2",
        "-use_template",
        "1",
        "-use_timeline",
        "1",
        "manifest.mpd");
    Path live = Files.createDirectories(served.resolve("live"));
    String playlist = Files.readString(fmp4.resolve("media.m3u8"));
    Files.writeString(
        live.resolve("live.m3u8"),
        playlist.replace("#EXT-X-ENDLIST", "").replace("#EXT-X-PLAYLIST-TYPE:VOD\n", ""));
    server =
        new LoopbackServer(
            ex -> {
              Path f = served.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
              if (!f.startsWith(served) || !Files.isRegularFile(f)) {
                LoopbackServer.send(ex, 404, "text/plain", "");
                return;
              }
              String name = f.getFileName().toString();
              String type =
                  name.endsWith(".m3u8")
                      ? "application/vnd.apple.mpegurl"
                      : name.endsWith(".mpd") ? "application/dash+xml" : "video/mp2t";
              byte[] b = Files.readAllBytes(f);
              ex.getResponseHeaders().set("Content-Type", type);
              ex.sendResponseHeaders(200, b.length);
              try (var o = ex.getResponseBody()) {
                o.write(b);
              }
            });
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void ffmpeg(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
    assertEquals(0, p.waitFor(), "ffmpeg " + String.join(" ", args));
  }

  private MediaDownloader downloader(CrawlConfig cfg) {
    return new MediaDownloader(
        new Fetcher(cfg, SiteCrawler.allowedHosts(cfg, List.of(server.baseUrl()))),
        cfg.download,
        Location.of(out));
  }

  private static CrawlConfig config() {
    CrawlConfig c = CrawlConfig.defaults();
    c.politeness.perHostDelayMs = 0;
    c.fetch.respectRobots = false;
    return c;
  }

  /** Packets per stream type ("video", "audio") of a file, read with FFmpeg. */
  private static Map<String, Integer> packets(Path file) throws IOException {
    AVFormatContext ic = new AVFormatContext(null);
    if (avformat.avformat_open_input(ic, file.toString(), null, null) < 0) {
      throw new IOException("cannot open " + file);
    }
    try {
      avformat.avformat_find_stream_info(ic, (AVDictionary) null);
      Map<String, Integer> n = new TreeMap<>();
      AVPacket p = avcodec.av_packet_alloc();
      while (avformat.av_read_frame(ic, p) >= 0) {
        int type = ic.streams(p.stream_index()).codecpar().codec_type();
        n.merge(type == avutil.AVMEDIA_TYPE_VIDEO ? "video" : "audio", 1, Integer::sum);
        avcodec.av_packet_unref(p);
      }
      avcodec.av_packet_free(p);
      return n;
    } finally {
      avformat.avformat_close_input(ic);
    }
  }

  private void assertWhole(MediaDownloader.Stored s) throws IOException {
    Path mp4 = out.resolve(s.relativePath());
    assertTrue(s.relativePath().endsWith(".mp4"), s.relativePath());
    assertEquals(s.sha256(), FileOps.sha256(mp4));
    assertEquals(sourcePackets, packets(mp4), "every packet of the source, copied");
    try (Stream<Path> left = Files.list(out.resolve("media/tmp"))) {
      assertEquals(List.of(), left.toList(), "no scratch left");
    }
  }

  @Test
  void hlsTransportStreamEncryptedWithAes128() throws Exception {
    assertTrue(
        Files.readString(served.resolve("ts/index.m3u8")).contains("METHOD=AES-128"),
        "the fixture is encrypted");
    assertWhole(downloader(config()).download("hls_ts", server.baseUrl() + "/ts/index.m3u8"));
  }

  @Test
  void hlsFragmentedMp4BehindAMasterPlaylist() throws Exception {
    assertTrue(Files.readString(served.resolve("fmp4/master.m3u8")).contains("#EXT-X-STREAM-INF"));
    assertWhole(downloader(config()).download("hls_fmp4", server.baseUrl() + "/fmp4/master.m3u8"));
  }

  @Test
  void dashWithSeparateVideoAndAudio() throws Exception {
    String mpd = Files.readString(served.resolve("dash/manifest.mpd"));
    assertEquals(2, mpd.split("<AdaptationSet", -1).length - 1, "video and audio apart");
    assertWhole(downloader(config()).download("dash", server.baseUrl() + "/dash/manifest.mpd"));
  }

  @Test
  void liveStreamsAndStreamsOverTheByteCapAreRefusedWithReasons() throws Exception {
    FetchException live =
        assertThrows(
            FetchException.class,
            () -> downloader(config()).download("live", server.baseUrl() + "/live/live.m3u8"));
    assertEquals(StreamDownloader.LIVE, live.reason());

    CrawlConfig small = config();
    small.download.maxBytes = 100_000;
    FetchException big =
        assertThrows(
            FetchException.class,
            () -> downloader(small).download("big", server.baseUrl() + "/dash/manifest.mpd"));
    assertEquals("media_too_large", big.reason());
    try (Stream<Path> left = Files.list(out.resolve("media/tmp"))) {
      assertEquals(List.of(), left.toList(), "no scratch left after a failure");
    }
  }

  @Test
  void segmentsOffTheAllowlistAreNotFetched() throws Exception {
    Path off = Files.createDirectories(served.resolve("off"));
    String other = server.baseUrl().replace("127.0.0.1", "localhost");
    StringBuilder pl = new StringBuilder();
    for (String line : Files.readAllLines(served.resolve("fmp4/media.m3u8"))) {
      pl.append(
              line.startsWith("#EXT-X-MAP")
                  ? line.replace("URI=\"", "URI=\"" + other + "/offonly/")
                  : line.startsWith("seg") ? other + "/offonly/" + line : line)
          .append('\n');
    }
    Files.writeString(off.resolve("media.m3u8"), pl.toString(), StandardCharsets.UTF_8);
    FetchException e =
        assertThrows(
            FetchException.class,
            () -> downloader(config()).download("off", server.baseUrl() + "/off/media.m3u8"));
    assertEquals("off_allowlist", e.reason());
    assertEquals(0, server.hits("/offonly/init.mp4") + server.hits("/offonly/seg000.m4s"));
  }
}
