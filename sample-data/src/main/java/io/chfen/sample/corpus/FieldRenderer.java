package io.chfen.sample.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chfen.artifacts.SubtitleCue;
import io.chfen.formats.Srt;
import io.chfen.formats.WavWriter;
import io.chfen.layout.ArtifactFiles;
import io.chfen.layout.GroundTruth;
import io.chfen.sample.corpus.FieldPlan.Cue;
import io.chfen.sample.corpus.FieldPlan.Spec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Renders one field-corpus video with the {@code ffmpeg} program, not with the sample corpus's
 * Java2D renderer: real footage reframed (crop, vertical crop, portrait blurred fill) at the spec's
 * frame rate, a channel logo, a scrolling ticker and moving scene text, and the subtitles burned by
 * libass from an ASS file in a platform style. The truth is exact: cue times are placed between
 * frames (ASS has centisecond times, libass shows an event on a frame when start ≤ frame time <
 * end), so each cue covers whole frames, and a render of the subtitle layer alone over black must
 * light exactly those frames, or the video is refused.
 */
final class FieldRenderer {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
  private static final String CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

  private final FieldSources sources;
  private final Path work;

  FieldRenderer(FieldSources sources, Path work) {
    this.sources = sources;
    this.work = work;
  }

  void render(Spec spec, Path dir, long seed) throws IOException {
    int frames = spec.frames();
    Path truth = Files.createDirectories(GroundTruth.truthDir(dir, spec.id()));
    Path ass = work.resolve(spec.id() + ".ass");
    Files.writeString(ass, ass(spec), StandardCharsets.UTF_8);
    checkLayer(spec, ass);

    int audioFrames = (int) Math.round(frames * FieldAudio.RATE / spec.fps());
    FieldAudio.Stems stems =
        FieldAudio.make(
            FieldAudio.words(sources.voices(), spec.voice()),
            sources.song(spec.song()),
            audioFrames,
            spec.channels(),
            spec.pan(),
            spec.reverbS(),
            spec.smrDb(),
            new SplittableRandom(seed * 1_000_003L + spec.id().hashCode()));
    write(truth.resolve(ArtifactFiles.VOCALS), stems.vocals(), stems.channels());
    write(truth.resolve(ArtifactFiles.MUSIC), stems.music(), stems.channels());
    Path mix = work.resolve(spec.id() + ".wav");
    write(mix, stems.mixture(), stems.channels());

    Path ticker = work.resolve(spec.id() + ".ticker.txt");
    Files.writeString(ticker, spec.ticker() == null ? "" : spec.ticker(), StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-v", "error"));
    cmd.addAll(List.of("-stream_loop", "-1", "-i", sources.footage(spec.footage()).toString()));
    cmd.addAll(List.of("-loop", "1", "-i", sources.logo().toString()));
    cmd.addAll(List.of("-loop", "1", "-i", sources.sceneText().toString()));
    cmd.addAll(List.of("-i", mix.toString()));
    cmd.addAll(List.of("-filter_complex", graph(spec, ass, ticker), "-map", "[v]", "-map", "3:a"));
    cmd.addAll(List.of("-frames:v", Integer.toString(frames), "-filter_threads", "1"));
    cmd.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "19", "-threads", "1"));
    cmd.addAll(List.of("-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k"));
    cmd.addAll(List.of("-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact"));
    cmd.addAll(List.of("-flags:a", "+bitexact", dir.resolve(spec.id() + ".mp4").toString()));
    run(cmd, null);

    Srt.write(truth.resolve(ArtifactFiles.SUBTITLES), truthCues(spec));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("id", spec.id());
    meta.put("exercises", spec.exercises());
    meta.put("footage", spec.footage());
    meta.put("framing", spec.framing().name().toLowerCase(Locale.ROOT));
    meta.put("size", spec.width() + "x" + spec.height());
    meta.put("fps", spec.fpsText());
    meta.put("frames", frames);
    meta.put("style", spec.style().name().toLowerCase(Locale.ROOT));
    meta.put("voice", "ktuberling " + spec.voice());
    meta.put("song", spec.song());
    meta.put("channels", spec.channels());
    meta.put("pan", spec.pan());
    meta.put("reverbS", spec.reverbS());
    meta.put("speechToMusicDb", spec.smrDb());
    meta.put("speechMs", stems.speechMs());
    JSON.writeValue(truth.resolve(GroundTruth.META).toFile(), meta);
  }

  /** A cue's time on screen: from its first frame's start to its last frame's end. */
  static List<SubtitleCue> truthCues(Spec spec) {
    List<SubtitleCue> out = new ArrayList<>();
    for (Cue c : spec.cues()) {
      out.add(
          new SubtitleCue(
              Math.round(c.startFrame() * 1000 / spec.fps()),
              Math.round(c.endFrame() * 1000 / spec.fps()),
              String.join("\n", c.lines())));
    }
    return out;
  }

  private static String graph(Spec spec, Path ass, Path ticker) {
    int w = spec.width();
    int h = spec.height();
    StringBuilder g = new StringBuilder();
    g.append("[0:v]fps=").append(spec.fpsText()).append(",setpts=N,");
    switch (spec.framing()) {
      case CROP ->
          g.append(
              String.format(
                  Locale.ROOT,
                  "scale=%d:%d:force_original_aspect_ratio=increase,crop=%d:%d,setsar=1[base];",
                  w,
                  h,
                  w,
                  h));
      case BLURRED_FILL ->
          g.append(
              String.format(
                  Locale.ROOT,
                  "split[a][b];[a]scale=%d:%d:force_original_aspect_ratio=increase,crop=%d:%d,"
                      + "boxblur=24:2[bg];[b]scale=%d:-2[fg];[bg][fg]overlay=0:(H-h)/2,setsar=1[base];",
                  w,
                  h,
                  w,
                  h,
                  w));
    }
    String last = "base";
    if (spec.sceneText()) {
      g.append(String.format(Locale.ROOT, "[2:v]scale=%d:-2,format=rgba[scene];", w * 2 / 5));
      g.append(
          String.format(
              Locale.ROOT,
              "[%s][scene]overlay=x='W*0.08+9*t':y='H*0.22+3*t':shortest=1[st];",
              last));
      last = "st";
    }
    if (spec.logo()) {
      g.append(String.format(Locale.ROOT, "[1:v]scale=%d:-2,format=rgba[logo];", w / 9));
      g.append(
          String.format(Locale.ROOT, "[%s][logo]overlay=x=W-w-W/30:y=W/30:shortest=1[lg];", last));
      last = "lg";
    }
    g.append('[').append(last).append(']');
    if (spec.ticker() != null) {
      int band = tickerBand(spec);
      boolean cjk = spec.ticker().codePoints().anyMatch(cp -> cp > 0x2E80);
      g.append(
          String.format(
              Locale.ROOT,
              "drawbox=x=0:y=%d:w=%d:h=%d:color=0x10204080@0.85:t=fill,"
                  + "drawtext=fontfile='%s':textfile='%s':fontsize=%d:fontcolor=white:"
                  + "y=%d:x='w-mod(t*%d\\,w+tw)',",
              h - band,
              w,
              band,
              cjk ? CJK : SANS,
              ticker,
              band * 3 / 5,
              h - band + band / 5,
              w / 5));
    }
    g.append("subtitles=filename='").append(ass).append("'[v]");
    return g.toString();
  }

  private static int tickerBand(Spec spec) {
    return Math.round(spec.height() * 0.065f);
  }

  /** The ASS script: the video's size as its resolution, one style, no wrapping. */
  static String ass(Spec spec) {
    int w = spec.width();
    int h = spec.height();
    int fs = Math.round(Math.min(w, h) * (spec.width() < spec.height() ? 0.074f : 0.072f));
    int marginV = (spec.ticker() != null ? tickerBand(spec) : 0) + Math.round(h * 0.06f);
    FieldPlan.Style st = spec.style();
    StringBuilder s = new StringBuilder();
    s.append("[Script Info]\nScriptType: v4.00+\nWrapStyle: 2\nScaledBorderAndShadow: yes\n");
    s.append("PlayResX: ").append(w).append("\nPlayResY: ").append(h).append("\n\n");
    s.append("[V4+ Styles]\n");
    s.append(
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour,"
            + " BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle,"
            + " BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n");
    s.append(
        String.format(
            Locale.ROOT,
            "Style: Default,%s,%d,%s,&H000000FF,%s,%s,%d,0,0,0,100,100,0,0,%d,%s,%s,2,%d,%d,%d,1%n%n",
            spec.font(),
            fs,
            st.primary,
            st.outlineColour,
            st.back,
            st.bold ? -1 : 0,
            st.borderStyle,
            fmt(st.outline * fs / 40.0),
            fmt(st.shadow * fs / 40.0),
            w / 20,
            w / 20,
            marginV));
    s.append("[Events]\n");
    s.append("Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n");
    for (Cue c : spec.cues()) {
      List<String> shown = new ArrayList<>();
      for (String line : c.lines()) {
        boolean latin = line.codePoints().allMatch(cp -> cp < 0x2E80);
        shown.add(latin && c.lines().size() > 1 ? "{\\fs" + fs * 4 / 5 + "}" + line : line);
      }
      s.append(
          String.format(
              Locale.ROOT,
              "Dialogue: 0,%s,%s,Default,,0,0,0,,%s%n",
              assTime(eventMs(spec, c.startFrame())),
              assTime(eventMs(spec, c.endFrame())),
              String.join("{\\r}\\N", shown)));
    }
    return s.toString();
  }

  /**
   * A time that falls after frame {@code f - 1} and at or before frame {@code f} as FFmpeg's
   * subtitles filter times frames (milliseconds, truncated), on ASS's centisecond grid, with a
   * millisecond to spare on the frame's side.
   */
  static long eventMs(Spec spec, int f) {
    if (f == 0) {
      return 0;
    }
    long at = (long) Math.floor(f * 1000 / spec.fps()) - 1;
    long before = (long) Math.floor((f - 1) * 1000 / spec.fps()) + 1;
    long t = at / 10 * 10;
    if (t <= before) {
      throw new IllegalStateException("no centisecond between frames " + (f - 1) + " and " + f);
    }
    return t;
  }

  private static String assTime(long ms) {
    long cs = ms / 10;
    return String.format(
        Locale.ROOT, "%d:%02d:%02d.%02d", cs / 360_000, cs / 6000 % 60, cs / 100 % 60, cs % 100);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /**
   * Renders the subtitle layer alone over black and checks that exactly the cues' frames show
   * anything: the truth's frame ranges are what libass drew.
   */
  private void checkLayer(Spec spec, Path ass) throws IOException {
    int w = spec.width();
    int h = spec.height();
    List<String> cmd =
        List.of(
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            String.format(Locale.ROOT, "color=c=black:s=%dx%d:r=%s", w, h, spec.fpsText()),
            "-vf",
            "setpts=N,subtitles=filename='" + ass + "'",
            "-frames:v",
            Integer.toString(spec.frames()),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "gray",
            "-");
    BitSet lit = new BitSet();
    int frameBytes = w * h;
    int[] count = {0};
    run(
        cmd,
        in -> {
          byte[] frame = new byte[frameBytes];
          while (in.readNBytes(frame, 0, frameBytes) == frameBytes) {
            for (byte b : frame) {
              if ((b & 0xff) > 8) {
                lit.set(count[0]);
                break;
              }
            }
            count[0]++;
          }
        });
    BitSet expected = new BitSet();
    for (Cue c : spec.cues()) {
      expected.set(c.startFrame(), c.endFrame());
    }
    if (count[0] != spec.frames() || !lit.equals(expected)) {
      BitSet diff = (BitSet) lit.clone();
      diff.xor(expected);
      throw new IOException(
          spec.id()
              + ": the subtitle layer does not light the cues' frames ("
              + count[0]
              + " frames rendered, "
              + diff.cardinality()
              + " differ, first at frame "
              + diff.nextSetBit(0)
              + ")");
    }
  }

  private static void write(Path file, float[] interleaved, int channels) throws IOException {
    try (WavWriter w = new WavWriter(file, FieldAudio.RATE, channels)) {
      w.write(interleaved);
    }
  }

  private interface Reader {
    void read(InputStream in) throws IOException;
  }

  private static void run(List<String> cmd, Reader stdout) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    if (stdout == null) {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("the field corpus needs the ffmpeg program (scripts/setup.sh)", e);
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread drain =
        new Thread(
            () -> {
              try (InputStream e = p.getErrorStream()) {
                e.transferTo(err);
              } catch (IOException ignored) {
                // the exit code reports the failure
              }
            });
    drain.start();
    if (stdout != null) {
      try (InputStream in = p.getInputStream()) {
        stdout.read(in);
      }
    }
    try {
      int rc = p.waitFor();
      drain.join();
      if (rc != 0) {
        throw new IOException(
            "ffmpeg failed ("
                + rc
                + "): "
                + err.toString(StandardCharsets.UTF_8).strip()
                + "\n  command: "
                + String.join(" ", cmd));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running ffmpeg", e);
    }
  }
}
