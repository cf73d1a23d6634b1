package io.chfen.dataset.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.files.FileOps;
import io.chfen.files.Location;
import io.chfen.sample.SampleData;
import io.chfen.sample.site.SampleSite;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaDownloaderTest {
  @TempDir Path out;
  private SampleSite site;
  private CrawlConfig config;

  @BeforeEach
  void start() {
    site = SampleSites.start();
    config = SampleSites.config();
  }

  @AfterEach
  void stop() {
    site.close();
  }

  private MediaDownloader downloader() {
    return new MediaDownloader(
        new Fetcher(config, SiteCrawler.allowedHosts(config, List.of(site.baseUrl()))),
        config.download,
        Location.of(out));
  }

  @Test
  void storesByContentAndReusesVerifiedMediaOnReRun() throws Exception {
    Path source = SampleData.corpus().resolve("c04.mp4");
    String expected = FileOps.sha256(source);
    MediaDownloader.Stored s =
        downloader().download("demo_v002", site.baseUrl() + "/media/c04.mp4");
    assertEquals("media/" + expected.substring(0, 2) + "/" + expected + ".mp4", s.relativePath());
    assertEquals(expected, FileOps.sha256(out.resolve(s.relativePath())));
    assertEquals(Files.size(source), s.bytes());
    assertFalse(s.reused());
    assertEquals("video/mp4", s.contentType());
    assertEquals(
        Set.of(), Set.of(Files.list(out.resolve("media/tmp")).toArray()), "no temp files left");

    MediaDownloader.Stored again =
        downloader().download("demo_v002", site.baseUrl() + "/media/c04.mp4");
    assertTrue(again.reused());
    assertEquals(1, site.hits("/media/c04.mp4"), "a verified file is not downloaded again");

    // a second video with the same bytes shares the file
    MediaDownloader.Stored other =
        downloader().download("demo_v004", site.baseUrl() + "/media/c04.mp4");
    assertEquals(s.relativePath(), other.relativePath());

    Files.write(out.resolve(s.relativePath()), new byte[] {1, 2, 3});
    MediaDownloader.Stored repaired =
        downloader().download("demo_v002", site.baseUrl() + "/media/c04.mp4");
    assertFalse(repaired.reused(), "a corrupted file is downloaded again");
    assertEquals(expected, FileOps.sha256(out.resolve(repaired.relativePath())));
  }

  @Test
  void aPageInsteadOfAVideoIsRejected() {
    FetchException e =
        assertThrows(
            FetchException.class,
            () -> downloader().download("demo_v014", site.baseUrl() + "/media/not-a-video.mp4"));
    assertEquals("not_video_content", e.reason());
    assertTrue(e.getMessage().contains("text/html"));
  }

  @Test
  void bytesThatAreNotAContainerAreRejectedEvenWithAVideoContentType() throws Exception {
    config.download.contentTypes = List.of("text/plain");
    FetchException e =
        assertThrows(
            FetchException.class, () -> downloader().download("x", site.baseUrl() + "/robots.txt"));
    assertEquals("not_video_content", e.reason());
  }

  @Test
  void theByteCapHolds() {
    config.download.maxBytes = 10_000;
    FetchException e =
        assertThrows(
            FetchException.class,
            () -> downloader().download("demo_v002", site.baseUrl() + "/media/c04.mp4"));
    assertEquals("media_too_large", e.reason());
  }

  @Test
  void missingMediaIsAnHttpFailure() {
    FetchException e =
        assertThrows(
            FetchException.class,
            () -> downloader().download("x", site.baseUrl() + "/media/nope.mp4"));
    assertEquals("http_404", e.reason());
  }

  @Test
  void aLocalFileIsStoredExactlyAsItsDownload() throws Exception {
    Path file = SampleData.corpus().resolve("c04.mp4");
    MediaDownloader.Stored local = downloader().store("local_c04.mp4", file);
    assertEquals(FileOps.sha256(file), local.sha256());
    assertEquals(Files.size(file), local.bytes());
    assertFalse(local.reused());
    MediaDownloader.Stored crawled =
        downloader().download("demo_v002", site.baseUrl() + "/media/c04.mp4");
    assertEquals(local.relativePath(), crawled.relativePath(), "one store, by content");
    assertTrue(downloader().store("local_c04.mp4", file).reused(), "stored once");

    Path still = out.resolveSibling("still.mp4");
    java.io.ByteArrayOutputStream jpg = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "jpg",
        jpg);
    Files.write(still, jpg.toByteArray());
    FetchException e =
        assertThrows(FetchException.class, () -> downloader().store("local_still.mp4", still));
    assertEquals("not_video_content", e.reason(), e.getMessage());
    assertTrue(e.url().contains("still.mp4"), e.url());
  }

  /** Sound alone is stored only by a downloader that takes it (ingest), by its own structure. */
  @Test
  void soundAloneIsTakenOnlyWhenAsked() throws Exception {
    Path wav = out.resolveSibling("tone.wav");
    Path flac = out.resolveSibling("tone.flac");
    Path mp3ish = out.resolveSibling("noise.mp3");
    try (FFmpegFrameRecorder w = new FFmpegFrameRecorder(wav.toFile(), 1);
        FFmpegFrameRecorder f = new FFmpegFrameRecorder(flac.toFile(), 1)) {
      for (FFmpegFrameRecorder r : List.of(w, f)) {
        r.setFormat(r == w ? "wav" : "flac");
        r.setSampleRate(16_000);
        r.start();
        r.recordSamples(16_000, 1, FloatBuffer.wrap(new float[16_000]));
        r.stop();
      }
    }
    Files.write(mp3ish, new byte[] {(byte) 0xff, (byte) 0xe0, 0, 0, 1, 2, 3, 4});
    FetchException e =
        assertThrows(FetchException.class, () -> downloader().store("local_tone.wav", wav));
    assertEquals("not_video_content", e.reason());
    MediaDownloader sound =
        new MediaDownloader(
            new Fetcher(config, Set.of()),
            config.download,
            Location.of(out),
            MediaDownloader.Accept.VIDEO_OR_SOUND);
    assertTrue(sound.store("local_tone.wav", wav).relativePath().endsWith(".wav"));
    assertTrue(sound.store("local_tone.flac", flac).relativePath().endsWith(".flac"));
    assertEquals(
        "not_video_content",
        assertThrows(FetchException.class, () -> sound.store("x", mp3ish)).reason(),
        "an MPEG sync word with reserved version and bitrate is not MP3");
    assertTrue(
        sound
            .store("local_c04.mp4", SampleData.corpus().resolve("c04.mp4"))
            .relativePath()
            .endsWith(".mp4"),
        "videos as ever");
  }

  private static String sniff(byte[] b) {
    return MediaDownloader.container(b, b.length);
  }

  @Test
  void containerStructureNotOneMagicByte() throws Exception {
    byte[] mp4 = Files.readAllBytes(SampleData.corpus().resolve("c04.mp4"));
    assertEquals("mp4", sniff(java.util.Arrays.copyOf(mp4, MediaDownloader.SNIFF_BYTES)));
    assertEquals(null, sniff("<!doctype html><".getBytes()));
    // a GIF starts with 0x47 ('G'), like a TS packet; TS is 0x47 at every 188 bytes
    java.io.ByteArrayOutputStream gif = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "gif",
        gif);
    assertEquals(null, sniff(gif.toByteArray()));
    byte[] ts = new byte[188 * 4];
    byte[] m2ts = new byte[192 * 4];
    for (int i = 0; i < 4; i++) {
      ts[188 * i] = 0x47;
      m2ts[192 * i + 4] = 0x47;
    }
    assertEquals("ts", sniff(ts));
    assertEquals("ts", sniff(m2ts));
    ts[188 * 2] = 0;
    assertEquals(null, sniff(ts));
    // stills in ISO BMFF (AVIF, HEIC) and an EBML file that is neither Matroska nor WebM
    byte[] avif = {0, 0, 0, 0x1c, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f', 0, 0, 0, 0};
    assertEquals(null, sniff(avif));
    byte[] webm = {
      0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x42, (byte) 0x82, (byte) 0x84
    };
    assertEquals(null, sniff(webm));
    byte[] webmDoc = java.util.Arrays.copyOf(webm, 16);
    System.arraycopy("webm".getBytes(), 0, webmDoc, 8, 4);
    assertEquals("webm", sniff(webmDoc));
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'};
    assertEquals(null, sniff(jpeg));
  }

  @Test
  void aGifServedAsVideoMp4IsNotStored() throws Exception {
    java.io.ByteArrayOutputStream gif = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "gif",
        gif);
    byte[] body = gif.toByteArray();
    try (LoopbackServer s =
        new LoopbackServer(
            ex -> {
              ex.getResponseHeaders().set("Content-Type", "video/mp4");
              ex.sendResponseHeaders(200, body.length);
              ex.getResponseBody().write(body);
            })) {
      FetchException e =
          assertThrows(
              FetchException.class, () -> downloader(s).download("g", s.baseUrl() + "/v.mp4"));
      assertEquals("not_video_content", e.reason(), e.getMessage());
      assertFalse(Files.exists(out.resolve("media/by-id/g.json")));
    }
  }

  @Test
  void aBodyShorterThanItsContentLengthIsTruncated() throws Exception {
    byte[] mp4 = Files.readAllBytes(SampleData.corpus().resolve("c04.mp4"));
    try (LoopbackServer s =
        new LoopbackServer(
            ex -> {
              if (ex.getRequestURI().getPath().equals("/robots.txt")) {
                LoopbackServer.send(ex, 404, "text/plain", "");
                return;
              }
              ex.getResponseHeaders().set("Content-Type", "video/mp4");
              ex.sendResponseHeaders(200, mp4.length);
              ex.getResponseBody().write(mp4, 0, mp4.length / 3);
              ex.getResponseBody().flush(); // the exchange closes short: the peer sees EOF
            })) {
      FetchException e =
          assertThrows(
              FetchException.class, () -> downloader(s).download("t", s.baseUrl() + "/t.mp4"));
      assertEquals("truncated", e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("of " + mp4.length), e.getMessage());
      try (var tmp = Files.list(out.resolve("media/tmp"))) {
        assertEquals(0, tmp.count(), "no .part file is left");
      }
    }
  }

  private MediaDownloader downloader(LoopbackServer s) {
    return new MediaDownloader(
        new Fetcher(config, SiteCrawler.allowedHosts(config, List.of(s.baseUrl()))),
        config.download,
        Location.of(out));
  }

  @Test
  void namesFromCrawledPagesNeverLeaveTheOutputDirectory() throws Exception {
    // ids made from hostile platform ids and sources are one plain file name
    for (String hostile :
        List.of(
            "../../etc/passwd",
            "..",
            "/abs/path",
            "a/../../b",
            "%2e%2e%2f",
            "x\u0000y",
            "\\..\\")) {
      String id = VideoRecords.videoId(hostile, hostile, "https://x/" + hostile);
      assertFalse(id.contains("/") || id.contains("\\") || id.equals("..") || id.equals("."), id);
      assertTrue(FileOps.within(out, id).startsWith(out.toAbsolutePath()), id);
    }
    // a name that would leave is refused, naming it
    for (String escape : List.of("../x", "/etc/passwd", "a/../../b", "..", "a\u0000b")) {
      Exception e = assertThrows(java.io.IOException.class, () -> FileOps.within(out, escape));
      assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }
    // a downloader asked to store under an escaping id fails that video with a reason
    FetchException f =
        assertThrows(
            FetchException.class,
            () -> downloader().download("../../escape", site.baseUrl() + "/media/c04.mp4"));
    assertEquals("unsafe_id", f.reason());
    assertFalse(Files.exists(out.getParent().resolve("escape.json")));
    // a tampered index pointing outside is not trusted: the media is fetched again, inside
    MediaDownloader.Stored s =
        downloader().download("demo_v002", site.baseUrl() + "/media/c04.mp4");
    Path index = out.resolve("media/by-id/demo_v002.json");
    Files.writeString(
        index, Files.readString(index).replace(s.relativePath(), "../../../etc/hostname"));
    MediaDownloader.Stored again =
        downloader().download("demo_v002", site.baseUrl() + "/media/c04.mp4");
    assertFalse(again.reused());
    assertTrue(out.resolve(again.relativePath()).normalize().startsWith(out));
  }
}
