package io.chfen.sample.corpus;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chfen.files.FileOps;
import io.chfen.layout.GroundTruth;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * The sample corpus: twelve short videos made from real material that Debian packages ship (real
 * faces, recorded and synthesized speech, real music, CJK fonts; see SOURCES.md), each with its
 * ground truth, plus broken inputs. Deterministic for a seed. Layout:
 *
 * <pre>
 * corpus/
 *   corpus.json              every file, its SHA-256, what it exercises, the outcome it should have
 *   c01.mp4 ... c12.mp4      the videos
 *   c01/truth/               subtitles.srt, faces.json, vocals.wav, music.wav, meta.json
 *   b_*.mp4                  broken inputs
 * </pre>
 */
public final class SampleCorpus {
  public static final long DEFAULT_SEED = 42;

  /** Bumped when the plan or the renderer changes what the corpus contains. */
  public static final int VERSION = 3;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One file of the corpus and the process-stage outcome it should have. */
  public record Entry(
      String file, String id, String sha256, long bytes, String expect, List<String> exercises) {}

  static {
    org.bytedeco.ffmpeg.global.avutil.av_log_set_level(
        org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
  }

  private SampleCorpus() {}

  /** The corpus directory's manifest, or null if the corpus is not (completely) there. */
  public static JsonNode manifest(Path dir) {
    Path m = dir.resolve(GroundTruth.INDEX);
    if (!Files.isRegularFile(m)) {
      return null;
    }
    try {
      return JSON.readTree(m.toFile());
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Makes sure the corpus for {@code seed} is in {@code dir}, generating it if it is missing or was
   * made with another seed or version. Safe against concurrent callers (a file lock; the corpus is
   * built in a temporary directory and renamed into place).
   */
  public static Path ensure(Path dir, long seed, Path sources, Consumer<String> progress)
      throws IOException {
    return ensure(dir, seed, VERSION, tmp -> generate(tmp, seed, sources, null, progress));
  }

  /** Writes a whole corpus into an empty directory. */
  interface Generator {
    void generate(Path dir) throws IOException;
  }

  /**
   * Makes sure the corpus made with {@code seed} by generator {@code version} is in {@code dir}:
   * under a file lock (concurrent callers wait), built in a temporary directory and renamed into
   * place, so a reader sees a whole corpus or none.
   */
  static Path ensure(Path dir, long seed, int version, Generator generator) throws IOException {
    if (isCurrent(dir, seed, version)) {
      return dir;
    }
    Files.createDirectories(dir.toAbsolutePath().getParent());
    Path lock = dir.resolveSibling(dir.getFileName() + ".lock");
    try (FileChannel ch =
        FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.lock(); // held until the channel closes
      if (isCurrent(dir, seed, version)) {
        return dir;
      }
      Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
      FileOps.deleteTree(tmp);
      generator.generate(tmp);
      FileOps.replaceDirectory(tmp, dir);
      return dir;
    }
  }

  private static boolean isCurrent(Path dir, long seed, int version) {
    JsonNode m = manifest(dir);
    return m != null && m.path("seed").asLong() == seed && m.path("version").asInt() == version;
  }

  /**
   * Generates the corpus into {@code dir}; {@code only} (null for all) limits it to some video ids,
   * for tests of determinism.
   */
  public static List<Entry> generate(
      Path dir, long seed, Path sourcesDir, Set<String> only, Consumer<String> progress)
      throws IOException {
    CorpusSources sources = new CorpusSources(sourcesDir);
    sources.check();
    Files.createDirectories(dir);
    Path work = Files.createTempDirectory("chfen-corpus");
    List<Entry> entries = new ArrayList<>();
    try {
      VideoRenderer renderer = new VideoRenderer(sources, work, seed);
      for (VideoSpec spec : CorpusPlan.videos(seed)) {
        if (only != null && !only.contains(spec.id())) {
          continue;
        }
        progress.accept(
            "rendering "
                + spec.id()
                + " ("
                + spec.width()
                + "x"
                + spec.height()
                + ", "
                + spec.durationS()
                + " s): "
                + spec.title());
        renderer.render(spec, dir);
        entries.add(entry(dir, spec.id() + ".mp4", spec.id(), "ok", spec.exercises()));
      }
      if (only == null) {
        progress.accept("writing the broken inputs");
        entries.addAll(broken(dir));
      }
    } finally {
      FileOps.deleteTree(work);
    }
    writeIndex(dir, VERSION, seed, entries, CorpusSources.LICENCES);
    return entries;
  }

  /** Writes a corpus's index: generator version, seed, every file, the sources' licences. */
  static void writeIndex(
      Path dir, int version, long seed, List<Entry> entries, Map<String, String> licences)
      throws IOException {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("version", version);
    manifest.put("seed", seed);
    manifest.put("files", entries);
    manifest.put("sources", licences);
    JSON.writeValue(dir.resolve(GroundTruth.INDEX).toFile(), manifest);
  }

  private static List<Entry> broken(Path dir) throws IOException {
    List<Entry> out = new ArrayList<>();
    Files.write(dir.resolve("b_empty.mp4"), new byte[0]);
    out.add(entry(dir, "b_empty.mp4", "b_empty", "failed:empty_file", List.of("a zero-byte file")));

    byte[] whole = Files.readAllBytes(dir.resolve("c02.mp4"));
    Files.write(
        dir.resolve("b_truncated.mp4"),
        java.util.Arrays.copyOf(whole, (int) (whole.length * 0.45)));
    out.add(
        entry(
            dir,
            "b_truncated.mp4",
            "b_truncated",
            "failed:truncated",
            List.of("the first 45% of c02.mp4")));

    Files.writeString(
        dir.resolve("b_text.mp4"), "This is a text file that someone named .mp4.\n这是一个文本文件。\n");
    out.add(
        entry(dir, "b_text.mp4", "b_text", "failed:not_media", List.of("a text file named .mp4")));

    audioOnly(dir.resolve("b_audio_only.mp4"));
    out.add(
        entry(
            dir,
            "b_audio_only.mp4",
            "b_audio_only",
            "absent:no_video_stream",
            List.of("AAC audio in an MP4, no video: processed with the visual modalities absent")));

    tooLarge(dir.resolve("b_too_large.mp4"));
    out.add(
        entry(
            dir,
            "b_too_large.mp4",
            "b_too_large",
            "failed:resolution_exceeds_limit",
            List.of("3840x2160, above the default 1920x1920-pixel guard")));
    return out;
  }

  private static void audioOnly(Path file) throws IOException {
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), 1)) {
      rec.setFormat("mp4");
      rec.setAudioCodec(AV_CODEC_ID_AAC);
      rec.setSampleRate(VideoRenderer.RATE);
      rec.setAudioBitrate(96_000);
      rec.start();
      float[] tone = new float[VideoRenderer.RATE * 3];
      for (int i = 0; i < tone.length; i++) {
        tone[i] = (float) (0.2 * Math.sin(2 * Math.PI * 440 * i / VideoRenderer.RATE));
      }
      rec.recordSamples(VideoRenderer.RATE, 1, FloatBuffer.wrap(tone));
      rec.stop();
    }
  }

  private static void tooLarge(Path file) throws IOException {
    int w = 3840;
    int h = 2160;
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), w, h, 0);
        Java2DFrameConverter conv = new Java2DFrameConverter()) {
      rec.setFormat("mp4");
      rec.setVideoCodec(AV_CODEC_ID_H264);
      rec.setPixelFormat(AV_PIX_FMT_YUV420P);
      rec.setFrameRate(5);
      rec.setVideoBitrate(2_000_000);
      rec.start();
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      for (int k = 0; k < 10; k++) {
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(20, 40 + 10 * k, 90));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.setFont(new Font(CorpusPlan.DEJAVU, Font.BOLD, 160));
        g.drawString("4K " + k, 200, 400);
        g.dispose();
        rec.record(conv.convert(img));
      }
      rec.stop();
    }
  }

  static Entry entry(Path dir, String file, String id, String expect, List<String> exercises)
      throws IOException {
    Path f = dir.resolve(file);
    return new Entry(file, id, FileOps.sha256(f), Files.size(f), expect, exercises);
  }
}
