package io.chfen.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG2VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files made to pass for videos, decoded for real: each ends as a typed failure, never ok. */
class HostileMediaTest {
  @TempDir Path dir;

  private static BufferedImage picture(int w, int h, int k) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(30 + 20 * (k % 10), 90, 140));
    g.fillRect(0, 0, w, h);
    g.setColor(Color.WHITE);
    g.fillRect(k % w, h / 3, w / 4, h / 4);
    g.dispose();
    return img;
  }

  private static void record(Path file, String format, int codec, int w, int h, int frames)
      throws IOException {
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), w, h, 0);
        Java2DFrameConverter conv = new Java2DFrameConverter()) {
      rec.setFormat(format);
      rec.setVideoCodec(codec);
      rec.setPixelFormat(AV_PIX_FMT_YUV420P);
      rec.setFrameRate(10);
      rec.setVideoBitrate(400_000);
      rec.start();
      for (int k = 0; k < frames; k++) {
        rec.record(conv.convert(picture(w, h, k)));
      }
      rec.stop();
    }
  }

  private MediaException failure(Path file, DecodeLimits limits) {
    return assertThrows(
        MediaException.class,
        () -> new SinglePassDecoder(limits, 1).decode(file, List.of(), dir.resolve("out")));
  }

  private Path picture(String name, String format) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(picture(160, 120, 3), format, b);
    return Files.write(dir.resolve(name), b.toByteArray());
  }

  @Test
  void picturesNamedMp4AreNotVideos() throws IOException {
    for (String format : List.of("jpg", "gif", "png")) {
      Path f = picture("still-" + format + ".mp4", format);
      MediaException e = failure(f, DecodeLimits.DEFAULT);
      assertEquals("not_a_video", e.reason(), format + ": " + e.getMessage());
      assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
    }
  }

  @Test
  void aOneFrameMp4IsNotAVideo() throws IOException {
    Path f = dir.resolve("one-frame.mp4");
    record(f, "mp4", AV_CODEC_ID_H264, 160, 120, 1);
    MediaException e = failure(f, DecodeLimits.DEFAULT);
    assertEquals("not_a_video", e.reason(), e.getMessage());
  }

  @Test
  void aStreamThatGrowsMidwayIsStoppedAtTheFirstLargeFrame() throws Exception {
    // the container declares the first segment's 64x64; the second segment's frames are 320x240
    Path small = dir.resolve("a.ts");
    Path large = dir.resolve("b.ts");
    record(small, "mpegts", AV_CODEC_ID_MPEG2VIDEO, 64, 64, 20);
    record(large, "mpegts", AV_CODEC_ID_MPEG2VIDEO, 320, 240, 20);
    Path f = dir.resolve("grows.ts");
    Files.write(f, Files.readAllBytes(small));
    Files.write(f, Files.readAllBytes(large), java.nio.file.StandardOpenOption.APPEND);
    DecodeLimits limits = new DecodeLimits(60, 100 * 100, 600_000);
    MediaException e = failure(f, limits);
    assertEquals("resolution_exceeds_limit", e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("320x240"), e.getMessage());
    // and the same file decodes whole under a limit both sizes meet
    new SinglePassDecoder(new DecodeLimits(60, 320 * 240, 600_000), 1)
        .decode(f, List.of(), dir.resolve("out"));
  }
}
