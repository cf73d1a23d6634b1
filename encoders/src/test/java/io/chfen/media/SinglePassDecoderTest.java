package io.chfen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.formats.WavReader;
import io.chfen.process.AudioExtractor;
import io.chfen.process.KeyframeSampler;
import io.chfen.records.ModalityResult;
import io.chfen.sample.SampleData;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The single decoding pass on the sample corpus, against its ground truth. */
class SinglePassDecoderTest {
  static Path corpus;
  @TempDir Path out;
  private final SinglePassDecoder decoder = new SinglePassDecoder(DecodeLimits.DEFAULT, 1);

  @BeforeAll
  static void corpus() {
    corpus = SampleData.corpus();
  }

  /** Records the timestamp of every decoded frame. */
  static class Timestamps implements Analyzer {
    final List<Long> us = new ArrayList<>();
    final double rate;

    Timestamps(double rate) {
      this.rate = rate;
    }

    @Override
    public String modality() {
      return "timestamps@" + rate;
    }

    @Override
    public double frameRate() {
      return rate;
    }

    @Override
    public void begin(MediaInfo info, Path outDir) {
      us.clear();
    }

    @Override
    public void frame(FrameSample f) {
      assertEquals(3, f.bgr().channels());
      us.add(f.timestampUs());
    }

    @Override
    public ModalityResult end(double decodedDurationS) {
      return Analyzer.ok(List.of(), Map.of("frames", (double) us.size()));
    }
  }

  static List<Long> truthFrameTimes(String id) throws IOException {
    JsonNode faces =
        new ObjectMapper().readTree(corpus.resolve(id).resolve("truth/faces.json").toFile());
    List<Long> us = new ArrayList<>();
    faces.get("frames").forEach(f -> us.add(f.get("timeUs").asLong()));
    return us;
  }

  @ParameterizedTest
  @ValueSource(strings = {"c01", "c04", "c10", "c11"})
  void everyFrameTimestampMatchesTheTruth(String id) throws Exception {
    Timestamps all = new Timestamps(Analyzer.ALL_FRAMES);
    decoder.decode(corpus.resolve(id + ".mp4"), List.of(all), out);
    List<Long> truth = truthFrameTimes(id);
    assertEquals(truth.size(), all.us.size(), id + ": frame count");
    for (int i = 0; i < truth.size(); i++) {
      assertEquals(truth.get(i), all.us.get(i), 1000, id + ": frame " + i);
    }
  }

  @Test
  void variableFrameRateKeyframesAreTheFirstFramesAtOrAfterEachSecond() throws Exception {
    List<Long> truth = truthFrameTimes("c10"); // 30 fps with every third slot dropped
    assertTrue(truth.get(3) - truth.get(1) > 50_000, "c10 has gaps");
    try (KeyframeSampler kf = new KeyframeSampler()) {
      SinglePassDecoder.Report r = decoder.decode(corpus.resolve("c10.mp4"), List.of(kf), out);
      assertEquals(12.0, r.decodedDurationS(), 0.05);
      List<KeyframeSampler.Keyframe> frames = KeyframeSampler.read(out.resolve("keyframes.json"));
      assertEquals(12, frames.size());
      for (KeyframeSampler.Keyframe k : frames) {
        long target = Math.round(k.index() * 1e6);
        long expected = truth.stream().filter(t -> t >= target - 1000).findFirst().orElseThrow();
        assertEquals(expected / 1e6, k.t(), 1e-3, "keyframe " + k.index());
        assertTrue(Files.isRegularFile(out.resolve(k.file())));
      }
    }
  }

  /** Burns CPU or sleeps on each picked frame, to see what the meter charges it. */
  static final class Costly extends Timestamps {
    final String name;
    final long burnNanos;
    final long sleepMs;

    Costly(String name, long burnNanos, long sleepMs) {
      super(5);
      this.name = name;
      this.burnNanos = burnNanos;
      this.sleepMs = sleepMs;
    }

    @Override
    public String modality() {
      return name;
    }

    @Override
    public void frame(FrameSample f) {
      super.frame(f);
      long t0 = CpuMeter.threadNanos();
      double x = 0;
      while (CpuMeter.threadNanos() - t0 < burnNanos) {
        x += Math.sqrt(x + 1);
      }
      assertTrue(x >= 0);
      try {
        Thread.sleep(sleepMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void theThreadsCpuIsChargedToEachPartOnceAndWaitingIsNot() throws Exception {
    Costly burner = new Costly("burner", 3_000_000, 0);
    Costly sleeper = new Costly("sleeper", 0, 5);
    try (AudioExtractor audio = new AudioExtractor(AudioFormat.SPEECH);
        KeyframeSampler k = new KeyframeSampler()) {
      double before = CpuMeter.threadMillis();
      SinglePassDecoder.Report r =
          decoder.decode(corpus.resolve("c04.mp4"), List.of(burner, sleeper, audio, k), out);
      double spent = CpuMeter.threadMillis() - before;
      Map<String, Double> cpu = r.cpuMs();
      assertTrue(
          cpu.keySet()
              .containsAll(
                  List.of(
                      CpuMeter.DECODE,
                      CpuMeter.CONVERT,
                      CpuMeter.RESAMPLE,
                      "burner",
                      "sleeper",
                      "audio",
                      "keyframes")),
          cpu.toString());
      assertEquals(60, burner.us.size());
      // 60 frames at 3 ms each, plus the frame calls' own small cost; nothing of the others'
      assertTrue(cpu.get("burner") >= 180 && cpu.get("burner") < 260, cpu.toString());
      // 300 ms asleep cost no CPU
      assertTrue(cpu.get("sleeper") < 20, cpu.toString());
      assertTrue(cpu.get(CpuMeter.DECODE) > 0, cpu.toString());
      double sum = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
      assertTrue(sum <= spent + 1e-6 && sum > 0.95 * spent, sum + " of " + spent + ": " + cpu);
    }
  }

  @Test
  void severalRatesShareOnePassAndEachGetsItsGrid() throws Exception {
    Timestamps one = new Timestamps(1);
    Timestamps five = new Timestamps(5);
    Timestamps alsoFive = new Timestamps(5);
    decoder.decode(corpus.resolve("c04.mp4"), List.of(one, five, alsoFive), out);
    assertEquals(12, one.us.size());
    assertEquals(60, five.us.size());
    assertEquals(five.us, alsoFive.us);
    for (int k = 0; k < 60; k++) {
      assertEquals(
          k * 200_000L, five.us.get(k), 1000); // 25 fps: every 5th frame lands exactly on the grid
    }
  }

  @Test
  void audioIsResampledPerConsumerAndMatchesTheTruthMixture() throws Exception {
    try (AudioExtractor speech = new AudioExtractor(AudioFormat.SPEECH)) {
      SinglePassDecoder.Report r = decoder.decode(corpus.resolve("c04.mp4"), List.of(speech), out);
      ModalityResult audio = r.results().get("audio");
      assertEquals("ok", audio.getStatus());
      WavReader.Audio got = WavReader.read(out.resolve("audio.wav"));
      assertEquals(16_000, got.sampleRate());
      assertEquals(1, got.channels());
      assertEquals(12.0, got.seconds(), 0.1);
      // the AAC-coded mixture against the truth stems' sum, both at 16 kHz mono
      float[] vocals = WavReader.read(corpus.resolve("c04/truth/vocals.wav")).mono();
      float[] music = WavReader.read(corpus.resolve("c04/truth/music.wav")).mono();
      float[] truth16k = new float[got.frames()];
      for (int i = 0; i < truth16k.length; i++) {
        int j = (int) Math.round(i * (44_100 / 16_000.0));
        if (j < vocals.length) {
          truth16k[i] = vocals[j] + music[j];
        }
      }
      float[] g = got.mono();
      double best = 0;
      for (int lag = -400;
          lag <= 400;
          lag += 8) { // the encoder's priming delay is not known exactly
        best = Math.max(best, correlation(g, truth16k, lag));
      }
      assertTrue(best > 0.9, "decoded audio correlates with the truth mixture: " + best);
    }
  }

  private static double correlation(float[] a, float[] b, int lag) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = Math.max(0, -lag); i < a.length && i + lag < b.length; i++) {
      ab += a[i] * b[i + lag];
      aa += a[i] * a[i];
      bb += b[i + lag] * b[i + lag];
    }
    return ab / Math.sqrt(aa * bb + 1e-12);
  }

  @Test
  void aVideoWithoutAudioHasItsAudioAbsent() throws Exception {
    try (AudioExtractor a = new AudioExtractor();
        KeyframeSampler k = new KeyframeSampler()) {
      SinglePassDecoder.Report r = decoder.decode(corpus.resolve("c11.mp4"), List.of(a, k), out);
      assertEquals("absent", r.results().get("audio").getStatus());
      assertEquals("no_audio_track", r.results().get("audio").getReason());
      assertEquals("ok", r.results().get("keyframes").getStatus());
      assertTrue(Files.notExists(out.resolve("audio.wav")));
    }
  }

  /**
   * Sound alone, in a video container with only an audio track (the corpus's) or in audio formats
   * written here: the audio is extracted over its whole length, the visual modalities are absent.
   */
  @ParameterizedTest
  @ValueSource(strings = {"b_audio_only.mp4", "tone.wav", "tone.flac", "tone.ogg"})
  void soundAloneHasItsVisualModalitiesAbsent(String name) throws Exception {
    Path file = name.startsWith("b_") ? corpus.resolve(name) : tone(out.resolve(name), 2.5);
    try (AudioExtractor a = new AudioExtractor();
        KeyframeSampler k = new KeyframeSampler()) {
      SinglePassDecoder.Report r = decoder.decode(file, List.of(a, k), out);
      assertEquals("ok", r.results().get("audio").getStatus(), name + ": " + r.results());
      ModalityResult frames = r.results().get("keyframes");
      assertEquals("absent", frames.getStatus());
      assertEquals(SinglePassDecoder.NO_VIDEO_STREAM, frames.getReason());
      double seconds = name.startsWith("b_") ? 3.0 : 2.5;
      assertEquals(seconds, r.decodedDurationS(), 0.1, name);
      assertEquals(seconds, r.results().get("audio").getStats().get("seconds"), 0.1, name);
    }
  }

  /** A 440 Hz tone of {@code seconds} in the container its name says. */
  static Path tone(Path file, double seconds) throws IOException {
    int rate = 44_100;
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), 1)) {
      String name = file.getFileName().toString();
      rec.setFormat(name.substring(name.lastIndexOf('.') + 1));
      rec.setSampleRate(rate);
      rec.start();
      float[] tone = new float[(int) (rate * seconds)];
      for (int i = 0; i < tone.length; i++) {
        tone[i] = (float) (0.2 * Math.sin(2 * Math.PI * 440 * i / rate));
      }
      rec.recordSamples(rate, 1, FloatBuffer.wrap(tone));
      rec.stop();
    }
    return file;
  }

  @ParameterizedTest
  @CsvSource({
    "b_empty.mp4, empty_file",
    "b_truncated.mp4, truncated",
    "b_text.mp4, not_media",
    "b_too_large.mp4, resolution_exceeds_limit",
    "nope.mp4, missing_file"
  })
  void brokenInputsFailWithTheirReason(String file, String reason) {
    MediaException e =
        assertThrows(
            MediaException.class,
            () -> decoder.decode(corpus.resolve(file), List.of(new Timestamps(1)), out));
    assertEquals(reason, e.reason());
    assertTrue(e.getMessage().contains(file), "the message names the file: " + e.getMessage());
  }

  @Test
  void guardsOnDurationAndTimeBudget() {
    SinglePassDecoder shortOnly =
        new SinglePassDecoder(new DecodeLimits(5, DecodeLimits.DEFAULT.maxPixels(), 600_000), 1);
    assertEquals(
        "duration_exceeds_limit",
        assertThrows(
                MediaException.class,
                () -> shortOnly.decode(corpus.resolve("c04.mp4"), List.of(), out))
            .reason());
    SinglePassDecoder hurried =
        new SinglePassDecoder(new DecodeLimits(600, DecodeLimits.DEFAULT.maxPixels(), 0), 1);
    assertEquals(
        "time_budget_exceeded",
        assertThrows(
                MediaException.class,
                () -> hurried.decode(corpus.resolve("c04.mp4"), List.of(), out))
            .reason());
  }

  @Test
  void aFailingAnalyzerFailsOnlyItsOwnModality() throws Exception {
    Analyzer broken =
        new Timestamps(5) {
          @Override
          public String modality() {
            return "broken";
          }

          @Override
          public void frame(FrameSample f) {
            if (f.targetUs() >= 2_000_000) {
              throw new IllegalStateException("analyzer bug at " + f.seconds() + " s");
            }
          }
        };
    try (KeyframeSampler kf = new KeyframeSampler();
        AudioExtractor audio = new AudioExtractor()) {
      SinglePassDecoder.Report r =
          decoder.decode(corpus.resolve("c04.mp4"), List.of(broken, kf, audio), out);
      assertEquals("failed", r.results().get("broken").getStatus());
      assertTrue(r.results().get("broken").getMessage().contains("analyzer bug"));
      assertEquals("ok", r.results().get("keyframes").getStatus());
      assertEquals(12.0, r.results().get("keyframes").getStats().get("count"));
      assertEquals("ok", r.results().get("audio").getStatus());
    }
  }
}
