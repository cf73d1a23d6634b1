package io.chfen.pipelines.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MP3;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_NONE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP9;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.crawl.SampleSites;
import io.chfen.dataset.ingest.IngestSource;
import io.chfen.dataset.ingest.ListSource;
import io.chfen.dataset.process.ProcessSpec;
import io.chfen.dataset.summary.CrawlSummary;
import io.chfen.faces.FaceDetector;
import io.chfen.layout.RunLayout;
import io.chfen.ocr.OcrEngine;
import io.chfen.pipelines.io.Records;
import io.chfen.pipelines.process.ProcessPipeline;
import io.chfen.pipelines.process.ProcessVideos;
import io.chfen.records.Failure;
import io.chfen.records.FilterOutcome;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.sample.SampleData;
import io.chfen.sample.site.SampleSite;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.Status;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of the sample corpus's files, ingested through the real stage on the DirectRunner. */
class IngestPipelineTest {
  @TempDir Path dir;

  @Test
  void aFolderBecomesTheCrawlsOutputsAndEveryFileIsAccountedFor() throws Exception {
    Path corpus = SampleData.corpus();
    Path from = Files.createDirectories(dir.resolve("from/a"));
    for (String f : new String[] {"c04.mp4", "c09.mp4", "b_text.mp4", "b_too_large.mp4"}) {
      Files.copy(corpus.resolve(f), from.resolve(f));
    }
    Files.createSymbolicLink(from.resolve("out.mp4"), corpus.resolve("c02.mp4"));
    RunLayout out = RunLayout.at(dir.resolve("out"));
    CrawlConfig cfg = CrawlConfig.fromYaml(SampleSite.crawlConfigYaml());
    IngestSource scan = IngestSource.open(dir.resolve("from"), ListSource.Columns.DEFAULT);
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    IngestPipeline.build(p, cfg, scan, out, out, 1);
    p.run().waitUntilFinish();

    Map<String, String> filtered = new TreeMap<>();
    ParquetFiles.<FilterOutcome>readAll(out.rejected().path(), Schemas.FILTER_OUTCOME)
        .forEach(r -> filtered.put(r.getId(), r.getReason()));
    Map<String, String> kept =
        ParquetFiles.<VideoMetadata>readAll(out.metadata().path(), Schemas.VIDEO_METADATA).stream()
            .collect(
                Collectors.toMap(
                    v -> v.getCanonicalUrl(), v -> v.getTitle(), (a, b) -> a, TreeMap::new));
    assertEquals(
        Map.of("local:a/c04.mp4", "c04", "local:a/c09.mp4", "c09"), kept, filtered.toString());
    Map<String, String> failed = new TreeMap<>();
    ParquetFiles.<Failure>readAll(out.failures().path(), Schemas.FAILURE)
        .forEach(f -> failed.put(f.getUrl(), f.getStage() + ":" + f.getReason()));
    assertEquals(Map.of("local:a/b_text.mp4", "ingest:not_video_content"), failed);
    assertEquals(
        java.util.List.of("duration_too_short"),
        java.util.List.copyOf(filtered.values()),
        "the 2 s 4K clip is shorter than the config's 3 s");
    CrawlSummary s = CrawlSummary.read(out.root());
    assertTrue(s.reconciles(), s.toString());
    assertEquals(4, s.videosFound());
    assertEquals(Map.of("skipped:link_outside_source", 1L), s.pageReasons());
    try (var ids = Files.list(out.media().path().resolve("by-id"))) {
      assertEquals(3, ids.count(), "every file that stored has its index (the text file has none)");
    }
  }

  /**
   * A list of every kind of row: a file with its title, split and label; a URL on a live server
   * with its id; sound alone; and the rows that fail (a bad row, a duplicate id, a missing file, a
   * dead URL). Every row is kept, filtered or failed, and the counts reconcile.
   */
  @Test
  void aListOfFilesAndUrlsIsAccountedForRowByRow() throws Exception {
    Path corpus = SampleData.corpus();
    Path from = Files.createDirectories(dir.resolve("list/clips"));
    Files.copy(corpus.resolve("c04.mp4"), from.resolve("c04.mp4"));
    tone(from.resolve("voice.flac"), 4);
    try (SampleSite site = SampleSites.start()) {
      String base = site.baseUrl();
      Path list =
          Files.writeString(
              dir.resolve("list/videos.csv"),
              "path,url,id,title,label,split\n"
                  + "clips/c04.mp4,,,Speaker test,joy,train\n"
                  + ","
                  + base
                  + "/media/c09.mp4,clip9,,sadness,test1\n"
                  + "clips/voice.flac,,,A voice,neutral,valid\n"
                  + ",,,No source,,\n"
                  + "clips/c01.mp4,,clip9,Taken id,,\n"
                  + "clips/gone.mp4,,,Gone,,\n"
                  + ","
                  + base
                  + "/media/nope.mp4,,Dead link,,\n");
      RunLayout out = RunLayout.at(dir.resolve("out"));
      CrawlConfig cfg = SampleSites.config();
      TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
      IngestPipeline.build(
          p, cfg, IngestSource.open(list, ListSource.Columns.DEFAULT), out, out, 1);
      p.run().waitUntilFinish();

      Map<String, VideoMetadata> kept =
          ParquetFiles.<VideoMetadata>readAll(out.metadata().path(), Schemas.VIDEO_METADATA)
              .stream()
              .collect(Collectors.toMap(v -> v.getId(), v -> v, (a, b) -> a, TreeMap::new));
      Map<String, String> failed = new TreeMap<>();
      ParquetFiles.<Failure>readAll(out.failures().path(), Schemas.FAILURE)
          .forEach(f -> failed.put(f.getId(), f.getReason()));
      assertEquals(3, kept.size(), kept.keySet() + " " + failed);
      VideoMetadata c04 =
          kept.values().stream().filter(v -> v.getTitle().equals("Speaker test")).findFirst().get();
      assertTrue(c04.getId().startsWith("local_clips-c04.mp4~"), "the path's id: " + c04.getId());
      assertEquals("Speaker test", c04.getTitle());
      assertEquals("list", c04.getFieldSources().get("title"));
      assertEquals("train", c04.getSplit());
      assertEquals("joy", c04.getExtra().get("label"));
      VideoMetadata clip9 = kept.get("list_clip9");
      assertEquals("c09", clip9.getTitle(), "no title column value: the URL's file name");
      assertEquals("test", clip9.getSplit());
      assertEquals("test1", clip9.getExtra().get("split"), "as the dataset names it");
      assertEquals("clip9", clip9.getExtra().get("id"), "the list's own id, to join on");
      assertEquals(base + "/media/c09.mp4", clip9.getMediaUrl());
      assertEquals(1, site.hits("/media/c09.mp4"));
      VideoMetadata voice =
          kept.values().stream().filter(v -> v.getTitle().equals("A voice")).findFirst().get();
      assertEquals(null, voice.getWidth(), "sound alone has no picture");
      assertEquals(4.0, voice.getDurationS(), 0.1);
      assertTrue(voice.getMediaPath().endsWith(".flac"), voice.getMediaPath());
      assertEquals(
          java.util.List.of("bad_row", "duplicate_id", "http_404", "missing_file"),
          failed.values().stream().sorted().toList(),
          failed.toString());
      CrawlSummary s = CrawlSummary.read(out.root());
      assertTrue(s.reconciles(), s.toString());
      assertEquals(7, s.videosFound(), "every row of the list");
      assertEquals(3, s.kept());
      assertEquals(4, s.failed());
    }
  }

  /** {@code seconds} of a tone in the container the name says. */
  static Path tone(Path file, double seconds) throws Exception {
    int rate = 16_000;
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 1)) {
      String name = file.getFileName().toString();
      r.setFormat(name.substring(name.lastIndexOf('.') + 1));
      r.setSampleRate(rate);
      r.start();
      float[] x = new float[(int) (rate * seconds)];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / rate));
      }
      r.recordSamples(rate, 1, FloatBuffer.wrap(x));
      r.stop();
    }
    return file;
  }

  /**
   * A real clip (H.264 + AAC in MP4) as people keep video and sound: its streams copied into
   * Matroska and QuickTime, transcoded to WebM (VP9 + Opus), its sound alone as M4A (AAC), MP3 and
   * Ogg Opus. Every file is stored by its own container, described with its duration, and
   * processed: pictures where there are pictures, sound everywhere, the visual modalities absent
   * for sound alone.
   */
  @Test
  void everyCommonContainerIsBroughtInAndProcessed() throws Exception {
    Path clip = SampleData.corpus().resolve("c04.mp4"); // 12 s, with speech
    Path from = Files.createDirectories(dir.resolve("kinds"));
    remux(clip, from.resolve("a.mkv"), "matroska");
    remux(clip, from.resolve("b.mov"), "mov");
    transcode(clip, from.resolve("c.webm"), "webm", AV_CODEC_ID_VP9, AV_CODEC_ID_OPUS);
    transcode(clip, from.resolve("d.m4a"), "ipod", AV_CODEC_ID_NONE, AV_CODEC_ID_AAC);
    transcode(clip, from.resolve("e.mp3"), "mp3", AV_CODEC_ID_NONE, AV_CODEC_ID_MP3);
    transcode(clip, from.resolve("f.opus"), "ogg", AV_CODEC_ID_NONE, AV_CODEC_ID_OPUS);
    RunLayout out = RunLayout.at(dir.resolve("out"));
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    IngestPipeline.build(
        p,
        CrawlConfig.defaults(),
        IngestSource.open(from, ListSource.Columns.DEFAULT),
        out,
        out,
        1);
    p.run().waitUntilFinish();
    Map<String, VideoMetadata> kept = new TreeMap<>();
    for (VideoMetadata v :
        ParquetFiles.<VideoMetadata>readAll(out.metadata().path(), Schemas.VIDEO_METADATA)) {
      kept.put(v.getTitle(), v);
    }
    assertEquals(
        java.util.List.of("a", "b", "c", "d", "e", "f"),
        java.util.List.copyOf(kept.keySet()),
        ParquetFiles.readAll(out.failures().path(), Schemas.FAILURE).toString());
    Map<String, String> stored = new TreeMap<>();
    kept.forEach(
        (t, v) -> {
          String m = v.getMediaPath();
          stored.put(t, m.substring(m.lastIndexOf('.') + 1));
          // what the container declares (this WebM muxer's declaration runs about a second long)
          assertEquals(12.0, v.getDurationS(), 1.0, t);
        });
    assertEquals(
        Map.of("a", "mkv", "b", "mov", "c", "webm", "d", "m4a", "e", "mp3", "f", "opus"), stored);

    ProcessSpec spec = new ProcessSpec();
    spec.separate = false;
    spec.ocrEngine = OcrEngine.Kind.NONE;
    spec.faceSettings.detector = FaceDetector.Kind.NONE;
    TestPipeline q = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    ProcessPipeline.build(
        q.apply(Create.of(kept.values()).withCoder(Records.VIDEO)),
        ProcessVideos.with(spec, out.root().path().toString(), out.root().path().toString()),
        out,
        1);
    q.run().waitUntilFinish();
    Map<String, String> outcome = new TreeMap<>();
    for (VideoArtifacts a :
        ParquetFiles.<VideoArtifacts>readAll(out.processed().path(), Schemas.VIDEO_ARTIFACTS)) {
      String title =
          kept.values().stream()
              .filter(v -> v.getId().equals(a.getId()))
              .findFirst()
              .orElseThrow()
              .getTitle();
      outcome.put(
          title,
          Status.key(a.getModalities().get("keyframes"))
              + " "
              + Status.key(a.getModalities().get("audio")));
      assertEquals(12.0, a.getDurationS(), 0.1, title + ": what decoding found");
    }
    String video = "ok ok";
    String sound = "absent:no_video_stream ok";
    assertEquals(
        Map.of("a", video, "b", video, "c", video, "d", sound, "e", sound, "f", sound), outcome);
  }

  /** {@code in}'s streams copied, packet for packet, into another container. */
  static void remux(Path in, Path out, String format) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(in.toFile())) {
      g.start();
      try (FFmpegFrameRecorder r =
          new FFmpegFrameRecorder(
              out.toFile(), g.getImageWidth(), g.getImageHeight(), g.getAudioChannels())) {
        r.setFormat(format);
        // MP4's codec tags (avc1, mp4a) mean nothing to another container: let it choose its own
        for (int i = 0; i < g.getFormatContext().nb_streams(); i++) {
          g.getFormatContext().streams(i).codecpar().codec_tag(0);
        }
        r.start(g.getFormatContext());
        AVPacket pkt;
        while ((pkt = g.grabPacket()) != null) {
          r.recordPacket(pkt);
        }
        r.stop();
      }
    }
  }

  /**
   * {@code in} encoded into another container: with {@code video} (none: sound alone) and {@code
   * audio}.
   */
  static void transcode(Path in, Path out, String format, int video, int audio) throws Exception {
    boolean pictures = video != AV_CODEC_ID_NONE;
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(in.toFile())) {
      g.start();
      try (FFmpegFrameRecorder r =
          new FFmpegFrameRecorder(
              out.toFile(),
              pictures ? g.getImageWidth() : 0,
              pictures ? g.getImageHeight() : 0,
              g.getAudioChannels())) {
        r.setFormat(format);
        if (pictures) {
          r.setVideoCodec(video);
          r.setFrameRate(g.getFrameRate());
          r.setVideoBitrate(800_000);
        }
        r.setAudioCodec(audio);
        // Opus takes 48 kHz only
        r.setSampleRate(audio == AV_CODEC_ID_OPUS ? 48_000 : g.getSampleRate());
        r.setAudioBitrate(96_000);
        r.start();
        Frame f;
        while ((f = g.grabFrame(true, pictures, true, false)) != null) {
          r.record(f);
        }
        r.stop();
      }
    }
  }
}
