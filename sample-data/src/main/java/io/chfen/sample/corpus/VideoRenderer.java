package io.chfen.sample.corpus;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chfen.artifacts.FaceTruth;
import io.chfen.artifacts.SubtitleCue;
import io.chfen.formats.Srt;
import io.chfen.formats.WavWriter;
import io.chfen.layout.ArtifactFiles;
import io.chfen.layout.GroundTruth;
import io.chfen.sample.corpus.VideoSpec.FacePath;
import io.chfen.sample.corpus.VideoSpec.Occluder;
import io.chfen.sample.corpus.VideoSpec.Speech;
import io.chfen.sample.corpus.VideoSpec.SubtitleStyle;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Renders one {@link VideoSpec} into an H.264 + AAC MP4 and writes its ground truth: the subtitle
 * cues ({@code truth/subtitles.srt}), every frame's time and face boxes ({@code truth/faces.json}),
 * the clean stems at their in-mix gains ({@code truth/vocals.wav}, {@code truth/music.wav}; the
 * mixture is their sum) and {@code truth/meta.json}. Not thread-safe.
 */
final class VideoRenderer {
  static final int RATE = 44_100;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A subtitle cue as shown. */
  private final CorpusSources sources;

  private final Path work;
  private final long seed;
  private final Map<String, BufferedImage> sprites = new LinkedHashMap<>();
  private final Java2DFrameConverter converter = new Java2DFrameConverter();

  VideoRenderer(CorpusSources sources, Path work, long seed) {
    this.sources = sources;
    this.work = work;
    this.seed = seed;
  }

  /** Renders the video into {@code dir/<id>.mp4} and its truth into {@code dir/<id>/truth/}. */
  void render(VideoSpec spec, Path dir) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + spec.id().hashCode());
    Path truth = Files.createDirectories(GroundTruth.truthDir(dir, spec.id()));
    int channels = spec.stereo() ? 2 : 1;
    int frames = (int) Math.round(spec.durationS() * RATE);
    float[] vocals = new float[frames * channels];
    float[] music = new float[frames * channels];
    List<SubtitleCue> cues = new ArrayList<>();
    schedule(spec, rng, channels, vocals, cues);
    boolean hasSpeech =
        spec.speech() != Speech.NONE && spec.speech() != Speech.MEGAMIND && spec.audio();
    float[] mixture;
    if (spec.speech() == Speech.MEGAMIND) {
      mixture = fit(AudioClips.read(sources.megamind(), RATE, channels), frames * channels);
    } else {
      if (spec.song() != null) {
        addSong(spec, rng, channels, music);
        double musicGain = musicGain(spec, vocals, music, hasSpeech);
        scale(music, musicGain);
      }
      mixture = new float[vocals.length];
      for (int i = 0; i < mixture.length; i++) {
        mixture[i] = vocals[i] + music[i];
      }
      float peak = 0;
      for (float x : mixture) {
        peak = Math.max(peak, Math.abs(x));
      }
      if (peak > 0.9f) {
        float g = 0.9f / peak;
        scale(vocals, g);
        scale(music, g);
        scale(mixture, g);
      }
      if (spec.audio()) {
        writeWav(truth.resolve(ArtifactFiles.VOCALS), vocals, channels);
        writeWav(truth.resolve(ArtifactFiles.MUSIC), music, channels);
      }
    }
    List<FaceTruth.Frame> frameTruth =
        encode(
            spec,
            dir.resolve(spec.id() + ".mp4"),
            rng,
            cues,
            spec.audio() ? mixture : null,
            channels);
    Srt.write(truth.resolve(ArtifactFiles.SUBTITLES), cues);
    boolean faceTruth = spec.speech() != Speech.MEGAMIND;
    new FaceTruth(
            faceTruth, spec.faces().stream().map(FacePath::person).distinct().toList(), frameTruth)
        .write(truth.resolve(ArtifactFiles.FACES));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("id", spec.id());
    meta.put("title", spec.title());
    meta.put("tags", spec.tags());
    meta.put("width", spec.width());
    meta.put("height", spec.height());
    meta.put("fps", spec.fps());
    meta.put("variableFrameRate", spec.dropEvery() > 0);
    meta.put("durationS", spec.durationS());
    meta.put("frames", frameTruth.size());
    meta.put("audio", spec.audio());
    meta.put("audioChannels", spec.audio() ? channels : 0);
    meta.put("speech", spec.speech().name().toLowerCase(Locale.ROOT));
    meta.put("song", spec.song());
    meta.put("speechToMusicDb", hasSpeech && spec.song() != null ? spec.speechToMusicDb() : null);
    meta.put("stems", spec.audio() && spec.speech() != Speech.MEGAMIND);
    meta.put("cues", cues.size());
    meta.put("subtitleFont", cues.isEmpty() ? null : spec.subtitleStyle().font());
    meta.put("overlay", spec.overlay());
    meta.put("overlayText", spec.overlayText());
    meta.put("watermark", spec.watermark());
    meta.put("faceTruth", faceTruth);
    meta.put("exercises", spec.exercises());
    JSON.writeValue(truth.resolve(GroundTruth.META).toFile(), meta);
  }

  // ---- audio ---------------------------------------------------------------------------------

  /** Places each line's speech on the timeline and makes its cue (speech start to end + hold). */
  private void schedule(
      VideoSpec spec, SplittableRandom rng, int channels, float[] vocals, List<SubtitleCue> cues)
      throws IOException {
    if (spec.speech() == Speech.MEGAMIND) {
      double[][] at = {{1.0, 3.2}, {4.2, 6.0}, {7.5, 10.0}};
      for (int i = 0; i < spec.lines().size(); i++) {
        cues.add(
            new SubtitleCue(
                Math.round(at[i][0] * 1000), Math.round(at[i][1] * 1000), spec.lines().get(i)));
      }
      return;
    }
    double t = 0.6 + 0.4 * rng.nextDouble();
    for (String line : spec.lines()) {
      float[] speech = null;
      String shown = line;
      if (spec.speech() == Speech.ESPEAK_CMN || spec.speech() == Speech.ESPEAK_EN) {
        String spoken = line.split("\n")[0];
        String voice = spec.speech() == Speech.ESPEAK_CMN ? "cmn" : "en-us";
        speech =
            AudioClips.speak(
                spoken, voice, 150 + rng.nextInt(20), 45 + rng.nextInt(15), work, RATE, 1);
      } else if (spec.speech() == Speech.ALSA) {
        speech = AudioClips.trimSilence(AudioClips.read(sources.alsa(line), RATE, 1), 1, 0.003f);
        shown = line.replace('_', ' ');
      }
      double d = speech != null ? speech.length / (double) RATE : 2.2;
      double end = t + d + 0.25;
      if (end > spec.durationS() - 0.4) {
        break;
      }
      if (speech != null && spec.audio()) {
        int at = (int) Math.round(t * RATE);
        for (int i = 0; i < speech.length && at + i < vocals.length / channels; i++) {
          for (int c = 0; c < channels; c++) {
            vocals[(at + i) * channels + c] += speech[i];
          }
        }
      }
      cues.add(new SubtitleCue(Math.round(t * 1000), Math.round(end * 1000), shown));
      t = end + 0.35 + 0.6 * rng.nextDouble();
    }
  }

  private void addSong(VideoSpec spec, SplittableRandom rng, int channels, float[] music)
      throws IOException {
    List<Path> stems = sources.song(spec.song());
    float[] a = AudioClips.read(stems.get(0), RATE, channels);
    float[] b = AudioClips.read(stems.get(1), RATE, channels);
    int frames = music.length / channels;
    int songFrames = Math.min(a.length, b.length) / channels;
    int offset = (int) ((10 + 30 * rng.nextDouble()) * RATE);
    offset = Math.max(0, Math.min(offset, songFrames - frames));
    int fade = RATE / 3;
    for (int i = 0; i < frames; i++) {
      float env = Math.min(1f, Math.min(i, frames - 1 - i) / (float) fade);
      for (int c = 0; c < channels; c++) {
        int j = (offset + i) * channels + c;
        music[i * channels + c] = j < a.length ? (a[j] + b[j]) * env : 0;
      }
    }
  }

  /** Music gain that puts speech at {@code speechToMusicDb} over the music (RMS while speaking). */
  private static double musicGain(
      VideoSpec spec, float[] vocals, float[] music, boolean hasSpeech) {
    double musicRms = AudioClips.rms(music);
    if (musicRms == 0) {
      return 0;
    }
    if (!hasSpeech) {
      return 0.1 / musicRms; // -20 dBFS
    }
    double sum = 0;
    long n = 0;
    for (float v : vocals) {
      if (v != 0) {
        sum += (double) v * v;
        n++;
      }
    }
    double speechRms = Math.sqrt(sum / Math.max(1, n));
    return speechRms / (musicRms * Math.pow(10, spec.speechToMusicDb() / 20));
  }

  private static void scale(float[] x, double g) {
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (x[i] * g);
    }
  }

  private static float[] fit(float[] x, int length) {
    float[] out = new float[length];
    System.arraycopy(x, 0, out, 0, Math.min(length, x.length));
    return out;
  }

  private static void writeWav(Path file, float[] x, int channels) throws IOException {
    try (WavWriter w = new WavWriter(file, RATE, channels)) {
      w.write(x);
    }
  }

  // ---- video ---------------------------------------------------------------------------------

  private List<FaceTruth.Frame> encode(
      VideoSpec spec,
      Path file,
      SplittableRandom rng,
      List<SubtitleCue> cues,
      float[] audio,
      int channels)
      throws IOException {
    List<FaceTruth.Frame> truth = new ArrayList<>();
    int w = spec.width();
    int h = spec.height();
    FFmpegFrameRecorder rec =
        new FFmpegFrameRecorder(file.toFile(), w, h, audio == null ? 0 : channels);
    rec.setFormat("mp4");
    rec.setVideoCodec(AV_CODEC_ID_H264);
    rec.setPixelFormat(AV_PIX_FMT_YUV420P);
    rec.setFrameRate(spec.fps());
    rec.setGopSize((int) Math.round(spec.fps() * 2));
    rec.setVideoBitrate((int) Math.min(4_000_000, w * h * 3L));
    rec.setOption("movflags", "+faststart");
    rec.setMetadata(Map.of());
    if (audio != null) {
      rec.setAudioCodec(AV_CODEC_ID_AAC);
      rec.setSampleRate(RATE);
      rec.setAudioBitrate(128_000);
    }
    BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    BufferedImage background =
        spec.background() == null ? null : ImageIO.read(sources.photo(spec.background()).toFile());
    double panX = rng.nextDouble() < 0.5 ? -1 : 1;
    double panY = rng.nextDouble() - 0.5;
    int audioDone = 0;
    try (FFmpegFrameGrabber megamind =
        spec.speech() == Speech.MEGAMIND
            ? new FFmpegFrameGrabber(sources.megamind().toFile())
            : null) {
      rec.start();
      if (megamind != null) {
        megamind.setImageMode(FrameGrabber.ImageMode.COLOR);
        megamind.start();
      }
      int slots = (int) Math.floor(spec.durationS() * spec.fps() + 1e-9);
      for (int k = 0; k < slots; k++) {
        if (spec.dropEvery() > 0 && k % spec.dropEvery() == spec.dropEvery() - 1) {
          continue;
        }
        double t = k / spec.fps();
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(
            RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(
            RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        if (megamind != null) {
          Frame src = megamind.grabImage();
          if (src == null) {
            break;
          }
          BufferedImage img = converter.convert(src);
          // crop 720x405 from the middle of 720x528, scale to the frame
          g.drawImage(img, 0, 0, w, h, 0, 61, 720, 466, null);
        } else {
          drawBackground(g, background, w, h, t / spec.durationS(), panX, panY);
        }
        List<FaceTruth.Box> faces = drawFaces(g, spec, t, w, h);
        drawOccluders(g, spec, t, w, h);
        drawOverlay(g, spec, t, w, h);
        SubtitleCue cue = active(cues, t);
        if (cue != null) {
          drawSubtitle(g, spec.subtitleStyle(), cue.text(), w, h);
        }
        g.dispose();
        long us = Math.round(t * 1e6);
        truth.add(new FaceTruth.Frame(truth.size(), us, faces));
        rec.setTimestamp(us);
        rec.record(converter.convert(canvas));
        if (audio != null) {
          int until =
              (int) Math.min(audio.length / channels, Math.round((k + 1) / spec.fps() * RATE));
          if (until > audioDone) {
            rec.recordSamples(
                RATE,
                channels,
                FloatBuffer.wrap(audio, audioDone * channels, (until - audioDone) * channels));
            audioDone = until;
          }
        }
      }
      if (audio != null && audioDone < audio.length / channels) {
        rec.recordSamples(
            RATE,
            channels,
            FloatBuffer.wrap(audio, audioDone * channels, audio.length - audioDone * channels));
      }
      rec.stop();
    } finally {
      rec.release();
    }
    return truth;
  }

  private static SubtitleCue active(List<SubtitleCue> cues, double t) {
    long ms = Math.round(t * 1000);
    for (SubtitleCue c : cues) {
      if (ms >= c.startMs() && ms < c.endMs()) {
        return c;
      }
    }
    return null;
  }

  /** A slow zoom and pan over a real photo (Ken Burns), covering the frame. */
  private static void drawBackground(
      Graphics2D g, BufferedImage photo, int w, int h, double progress, double panX, double panY) {
    double cover = Math.max(w / (double) photo.getWidth(), h / (double) photo.getHeight());
    double zoom = cover * (1.15 + 0.25 * progress);
    double dw = photo.getWidth() * zoom;
    double dh = photo.getHeight() * zoom;
    double x = (w - dw) / 2 + panX * (dw - w) / 2 * (progress - 0.5);
    double y = (h - dh) / 2 + panY * (dh - h) * (progress - 0.5);
    g.drawImage(
        photo,
        (int) Math.round(x),
        (int) Math.round(y),
        (int) Math.round(dw),
        (int) Math.round(dh),
        null);
  }

  private List<FaceTruth.Box> drawFaces(Graphics2D g, VideoSpec spec, double t, int w, int h)
      throws IOException {
    List<FaceTruth.Box> out = new ArrayList<>();
    for (FacePath p : spec.faces()) {
      if (t < p.t0() || t > p.t1()) {
        continue;
      }
      double a = p.t1() == p.t0() ? 0 : (t - p.t0()) / (p.t1() - p.t0());
      CorpusSources.Person person = sources.person(p.person());
      Rectangle face = person.face();
      BufferedImage sprite = sprite(person);
      Rectangle crop = cropOf(person, sprite);
      double cx = (p.x0() + (p.x1() - p.x0()) * a) * w;
      double cy = (p.y0() + (p.y1() - p.y0()) * a) * h;
      double faceW = (p.w0() + (p.w1() - p.w0()) * a) * w;
      double s = faceW / face.width;
      double faceH = face.height * s;
      double sx = cx - (face.x - crop.x + face.width / 2.0) * s;
      double sy = cy - (face.y - crop.y + face.height / 2.0) * s;
      g.drawImage(
          sprite,
          (int) Math.round(sx),
          (int) Math.round(sy),
          (int) Math.round(crop.width * s),
          (int) Math.round(crop.height * s),
          null);
      Rectangle2D box = new Rectangle2D.Double(cx - faceW / 2, cy - faceH / 2, faceW, faceH);
      Rectangle2D inFrame = box.createIntersection(new Rectangle2D.Double(0, 0, w, h));
      if (inFrame.isEmpty()) {
        continue;
      }
      double visible = area(inFrame) / area(box);
      for (Occluder o : spec.occluders()) {
        Rectangle2D occ = occluderRect(o, t, w, h);
        if (occ != null) {
          Rectangle2D cut = occ.createIntersection(inFrame);
          if (!cut.isEmpty()) {
            visible -= area(cut) / area(box);
          }
        }
      }
      out.add(
          new FaceTruth.Box(
              p.person(),
              (int) Math.round(inFrame.getX()),
              (int) Math.round(inFrame.getY()),
              (int) Math.round(inFrame.getWidth()),
              (int) Math.round(inFrame.getHeight()),
              Math.round(Math.max(0, visible) * 1000) / 1000.0));
    }
    return out;
  }

  private static double area(Rectangle2D r) {
    return Math.max(0, r.getWidth()) * Math.max(0, r.getHeight());
  }

  private static Rectangle2D occluderRect(Occluder o, double t, int w, int h) {
    if (t < o.t0() || t > o.t1()) {
      return null;
    }
    double a = (t - o.t0()) / (o.t1() - o.t0());
    double cx = (o.x0() + (o.x1() - o.x0()) * a) * w;
    double ow = o.w() * w;
    double oh = o.h() * h;
    return new Rectangle2D.Double(cx - ow / 2, o.y() * h - oh / 2, ow, oh);
  }

  private static void drawOccluders(Graphics2D g, VideoSpec spec, double t, int w, int h) {
    for (Occluder o : spec.occluders()) {
      Rectangle2D r = occluderRect(o, t, w, h);
      if (r != null) {
        g.setColor(new Color(30, 110, 60));
        g.fill(r);
        g.setColor(new Color(20, 70, 40));
        g.setStroke(new BasicStroke(6));
        g.draw(r);
      }
    }
  }

  /** The head-and-shoulders region around the face that the sprite shows. */
  private static Rectangle cropOf(CorpusSources.Person p, BufferedImage photoSized) {
    Rectangle f = p.face();
    int x0 = Math.max(0, (int) (f.x - 0.6 * f.width));
    int y0 = Math.max(0, (int) (f.y - 0.7 * f.height));
    return new Rectangle(x0, y0, photoSized.getWidth(), photoSized.getHeight());
  }

  /** The person's head and shoulders with a feathered elliptical alpha mask (cached). */
  private BufferedImage sprite(CorpusSources.Person p) throws IOException {
    BufferedImage cached = sprites.get(p.id());
    if (cached != null) {
      return cached;
    }
    BufferedImage photo = ImageIO.read(p.photo().toFile());
    Rectangle f = p.face();
    int x0 = Math.max(0, (int) (f.x - 0.6 * f.width));
    int y0 = Math.max(0, (int) (f.y - 0.7 * f.height));
    int x1 = Math.min(photo.getWidth(), (int) (f.x + 1.6 * f.width));
    int y1 = Math.min(photo.getHeight(), (int) (f.y + 2.5 * f.height));
    int sw = x1 - x0;
    int sh = y1 - y0;
    BufferedImage s = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_ARGB);
    double cx = sw / 2.0;
    double cy = sh / 2.0;
    for (int y = 0; y < sh; y++) {
      for (int x = 0; x < sw; x++) {
        double dx = (x + 0.5 - cx) / (sw / 2.0);
        double dy = (y + 0.5 - cy) / (sh / 2.0);
        double d = Math.sqrt(dx * dx + dy * dy);
        double alpha = d < 0.8 ? 1 : d > 1 ? 0 : (1 - d) / 0.2;
        int rgb = photo.getRGB(x0 + x, y0 + y) & 0xFFFFFF;
        s.setRGB(x, y, ((int) Math.round(alpha * 255) << 24) | rgb);
      }
    }
    sprites.put(p.id(), s);
    return s;
  }

  private static void drawOverlay(Graphics2D g, VideoSpec spec, double t, int w, int h) {
    if ("title-card".equals(spec.overlay()) && t < 2.5) {
      Font font = new Font(CorpusPlan.DEJAVU, Font.BOLD, (int) (h * 0.045));
      g.setFont(font);
      Rectangle2D b = g.getFontMetrics().getStringBounds(spec.overlayText(), g);
      int x = (int) ((w - b.getWidth()) / 2);
      int y = (int) (h * 0.18);
      g.setColor(new Color(200, 0, 0, 200));
      g.fill(
          new RoundRectangle2D.Double(
              x - 24, y - b.getHeight(), b.getWidth() + 48, b.getHeight() * 1.5, 20, 20));
      g.setColor(Color.WHITE);
      g.drawString(spec.overlayText(), x, y);
    }
    if ("ticker".equals(spec.overlay())) {
      Font font = new Font(CorpusPlan.NOTO_SANS, Font.PLAIN, (int) (h * 0.04));
      g.setFont(font);
      int bandH = (int) (h * 0.07);
      g.setColor(new Color(180, 0, 0));
      g.fillRect(0, (int) (h * 0.04), w, bandH);
      g.setColor(Color.WHITE);
      int x = (int) (w - t * w * 0.18);
      g.drawString(spec.overlayText(), x, (int) (h * 0.04 + bandH * 0.75));
    }
    if (spec.watermark() != null) {
      g.setFont(new Font(CorpusPlan.NOTO_SANS, Font.BOLD, (int) (Math.min(w, h) * 0.04)));
      g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.55f));
      g.setColor(Color.WHITE);
      int tw = g.getFontMetrics().stringWidth(spec.watermark());
      g.drawString(
          spec.watermark(),
          w - tw - (int) (w * 0.04),
          (int) (h * 0.05) + g.getFontMetrics().getAscent());
      g.setComposite(AlphaComposite.SrcOver);
    }
  }

  /** Centred lines with an outline or a dark box, the last line's baseline at the style's band. */
  static void drawSubtitle(Graphics2D g, SubtitleStyle st, String text, int w, int h) {
    Font font =
        new Font(st.font(), st.bold() ? Font.BOLD : Font.PLAIN, (int) Math.round(st.size() * h));
    FontRenderContext frc = g.getFontRenderContext();
    String[] lines = text.split("\n");
    double lineH = font.getSize() * 1.3;
    double baseline = st.baseline() * h - (lines.length - 1) * lineH;
    for (String line : lines) {
      TextLayout layout = new TextLayout(line, font, frc);
      Rectangle2D b = layout.getBounds();
      double x = (w - b.getWidth()) / 2 - b.getX();
      if (st.box()) {
        g.setColor(new Color(0, 0, 0, 170));
        g.fill(
            new RoundRectangle2D.Double(
                x + b.getX() - 12,
                baseline + b.getY() - 8,
                b.getWidth() + 24,
                b.getHeight() + 16,
                10,
                10));
      }
      Shape outline = layout.getOutline(AffineTransform.getTranslateInstance(x, baseline));
      if (st.outline() != null) {
        g.setColor(st.outline());
        g.setStroke(
            new BasicStroke(st.outlineWidth() * 2, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(outline);
      }
      g.setColor(st.fill());
      g.fill(outline);
      baseline += lineH;
    }
  }
}
