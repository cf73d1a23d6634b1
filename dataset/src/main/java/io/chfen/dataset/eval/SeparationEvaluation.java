package io.chfen.dataset.eval;

import io.chfen.formats.WavReader;
import io.chfen.layout.ArtifactFiles;
import io.chfen.layout.GroundTruth;
import io.chfen.separation.HtDemucs;
import io.chfen.separation.RepetSim;
import io.chfen.separation.Separator;
import io.chfen.separation.SiSdr;
import io.chfen.separation.SileroVad;
import io.chfen.separation.SpeechMusicSeparator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Vocals/music separation quality on the sample corpus's true stems: the scale-invariant SDR
 * improvement (SI-SDRi, dB) of each estimate over the mixture, for the default separator, a plain
 * REPET-SIM baseline and the mixture itself, at the corpus's own speech-to-music ratios and with
 * the stems remixed at −5, 0 and +5 dB.
 */
public final class SeparationEvaluation {
  /** The unseparated mixture itself: what any separator must beat. */
  public static final String MIXTURE = "mixture";

  /** A plain REPET-SIM: the baseline. */
  public static final String REPET_SIM = "repet-sim";

  /** The default separator. */
  public static final String SPEECH_AWARE = Separator.Kind.SPEECH_AWARE.toString();

  /** The learned separator (HT-Demucs v4), when chosen. */
  public static final String HTDEMUCS = Separator.Kind.HTDEMUCS.toString();

  /** The methods scored, in table order. */
  public static final List<String> METHODS = List.of(MIXTURE, REPET_SIM, SPEECH_AWARE, HTDEMUCS);

  /** The methods scored unless asked otherwise: those that need no large model. */
  public static final List<String> DEFAULT_METHODS = List.of(MIXTURE, REPET_SIM, SPEECH_AWARE);

  /** One clip's figures for one method at one mix. */
  public record Score(
      String clip,
      int channels,
      String mix,
      String method,
      double vocalsSdr,
      double vocalsSdri,
      double musicSdr,
      double musicSdri,
      double estimatedSmrDb,
      double speechRecall,
      double speechFalseAlarm,
      double seconds,
      double wallS) {}

  private final Path corpus;
  private final Path models;

  public SeparationEvaluation(Path corpus, Path models) {
    this.corpus = corpus;
    this.models = models;
  }

  /** Corpus clips with both true stems carrying sound (speech over music). */
  public List<String> clips() throws IOException {
    List<String> out = new ArrayList<>();
    for (String id : GroundTruth.ids(corpus)) {
      Path v = GroundTruth.truth(corpus, id, ArtifactFiles.VOCALS);
      Path m = GroundTruth.truth(corpus, id, ArtifactFiles.MUSIC);
      if (Files.isRegularFile(v) && Files.isRegularFile(m)) {
        WavReader.Audio va = WavReader.read(v);
        WavReader.Audio ma = WavReader.read(m);
        if (rms(va.mono()) > 1e-4 && rms(ma.mono()) > 1e-4) {
          out.add(id);
        }
      }
    }
    return out;
  }

  /**
   * Scores every method on one clip.
   *
   * @param smrDb speech-to-music ratio to remix at (RMS while speaking), or null for the corpus's
   */
  public List<Score> run(String clip, Double smrDb, SpeechMusicSeparator.Settings settings)
      throws IOException {
    return run(clip, smrDb, settings, DEFAULT_METHODS);
  }

  /**
   * Scores the methods on several clips, {@code threads} at once (the separators' models are shared
   * and thread-safe); the scores come in clip order.
   */
  public List<Score> run(
      List<String> clips,
      Double smrDb,
      SpeechMusicSeparator.Settings settings,
      List<String> methods,
      int threads)
      throws IOException {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<java.util.concurrent.Future<List<Score>>> futures = new ArrayList<>();
      for (String clip : clips) {
        futures.add(pool.submit(() -> run(clip, smrDb, settings, methods)));
      }
      List<Score> out = new ArrayList<>();
      for (java.util.concurrent.Future<List<Score>> f : futures) {
        out.addAll(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("separation evaluation interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Scores the given {@link #METHODS} on one clip (the mixture always).
   *
   * @param smrDb speech-to-music ratio to remix at (RMS while speaking), or null for the corpus's
   */
  public List<Score> run(
      String clip, Double smrDb, SpeechMusicSeparator.Settings settings, List<String> methods)
      throws IOException {
    WavReader.Audio v = WavReader.read(GroundTruth.truth(corpus, clip, ArtifactFiles.VOCALS));
    WavReader.Audio m = WavReader.read(GroundTruth.truth(corpus, clip, ArtifactFiles.MUSIC));
    float[] vocals = v.interleaved();
    float[] music = m.interleaved().clone();
    int n = Math.min(vocals.length, music.length);
    if (smrDb != null) {
      double g = speechRms(vocals) / (rms(music) * Math.pow(10, smrDb / 20));
      for (int i = 0; i < music.length; i++) {
        music[i] *= (float) g;
      }
    }
    float[] mix = new float[n];
    for (int i = 0; i < n; i++) {
      mix[i] = vocals[i] + music[i];
    }
    int ch = v.channels();
    int rate = v.sampleRate();
    float[] trueV = mono(vocals, ch, n / ch);
    float[] trueM = mono(music, ch, n / ch);
    float[] mixMono = mono(mix, ch, n / ch);
    String mixName = mixName(smrDb);
    double seconds = n / (double) ch / rate;
    List<Score> out = new ArrayList<>();
    double mixV = SiSdr.of(mixMono, trueV);
    double mixM = SiSdr.of(mixMono, trueM);
    out.add(
        new Score(
            clip,
            ch,
            mixName,
            MIXTURE,
            mixV,
            0,
            mixM,
            0,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            seconds,
            0));

    SileroVad vad = SileroVad.shared(models);
    for (String method : List.of(SPEECH_AWARE, HTDEMUCS)) {
      if (methods.contains(method)) {
        Separator separator =
            method.equals(HTDEMUCS)
                ? HtDemucs.shared(models).withVad(vad, settings.speechThreshold)
                : new SpeechMusicSeparator(settings).withVad(vad);
        out.add(score(clip, mixName, method, separator, mix, ch, rate, trueV, trueM, mixV, mixM));
      }
    }
    if (methods.contains(REPET_SIM)) {
      long t0 = System.nanoTime();
      float[][] rs = new RepetSim().separate(mix, ch, rate);
      double wall = (System.nanoTime() - t0) / 1e9;
      double bv = SiSdr.of(mono(rs[0], ch, n / ch), trueV);
      double bm = SiSdr.of(mono(rs[1], ch, n / ch), trueM);
      out.add(
          new Score(
              clip,
              ch,
              mixName,
              REPET_SIM,
              bv,
              bv - mixV,
              bm,
              bm - mixM,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              seconds,
              wall));
    }
    return out;
  }

  private static Score score(
      String clip,
      String mixName,
      String method,
      Separator separator,
      float[] mix,
      int ch,
      int rate,
      float[] trueV,
      float[] trueM,
      double mixV,
      double mixM) {
    int frames = trueV.length;
    long t0 = System.nanoTime();
    SpeechMusicSeparator.Result r = separator.separate(mix, ch, rate);
    double wall = (System.nanoTime() - t0) / 1e9;
    double ev = SiSdr.of(mono(r.vocals(), ch, frames), trueV);
    double em = SiSdr.of(mono(r.music(), ch, frames), trueM);
    return new Score(
        clip,
        ch,
        mixName,
        method,
        ev,
        ev - mixV,
        em,
        em - mixM,
        r.speechToMusicDb(),
        voiceActivity(r.speech(), trueV, rate, true),
        voiceActivity(r.speech(), trueV, rate, false),
        frames / (double) rate,
        wall);
  }

  /**
   * How the voice activity a separator decided on compares with where the true vocals sound: a VAD
   * window is speech when its true-vocals RMS is within 15.9 dB of their active speech level (the
   * margin of ITU-T P.56; reverberation tails and breaths below it are not). Returns the share of
   * speech windows taken for speech (recall), or of the other windows taken for speech (false
   * alarms).
   */
  static double voiceActivity(boolean[] decided, float[] trueVocals, int rate, boolean recall) {
    if (decided == null) {
      return Double.NaN;
    }
    double perWindow = SileroVad.WINDOW * (double) rate / SileroVad.RATE;
    int windows = (int) (trueVocals.length / perWindow);
    double[] rms = new double[windows];
    double loudest = 0;
    for (int w = 0; w < windows; w++) {
      int a = (int) Math.round(w * perWindow);
      int b = (int) Math.round((w + 1) * perWindow);
      double e = 0;
      for (int i = a; i < b; i++) {
        e += (double) trueVocals[i] * trueVocals[i];
      }
      rms[w] = Math.sqrt(e / Math.max(1, b - a));
      loudest = Math.max(loudest, rms[w]);
    }
    // the active speech level (ITU-T P.56: speech is what lies within 15.9 dB of it), over the
    // windows within 40 dB of the loudest
    double energy = 0;
    int active = 0;
    for (double r : rms) {
      if (r >= loudest * 0.01) {
        energy += r * r;
        active++;
      }
    }
    double threshold = Math.sqrt(energy / Math.max(1, active)) * Math.pow(10, -15.9 / 20);
    int hits = 0;
    int total = 0;
    for (int w = 0; w < windows; w++) {
      boolean isSpeech = rms[w] >= threshold;
      if (isSpeech == recall) {
        total++;
        hits += w < decided.length && decided[w] ? 1 : 0;
      }
    }
    return total == 0 ? Double.NaN : hits / (double) total;
  }

  private static float[] mono(float[] x, int channels, int frames) {
    float[] m = WavReader.mono(x, channels);
    return m.length == frames ? m : java.util.Arrays.copyOf(m, frames);
  }

  /** The label of a mix: "corpus" (its own ratios) or the ratio it was remixed at. */
  public static String mixName(Double smrDb) {
    return smrDb == null ? "corpus" : String.format(Locale.ROOT, "%+.0f dB", smrDb);
  }

  static double rms(float[] x) {
    double s = 0;
    for (float v : x) {
      s += (double) v * v;
    }
    return Math.sqrt(s / Math.max(1, x.length));
  }

  /** RMS over the samples where the speech stem sounds (as the corpus renderer defines SMR). */
  static double speechRms(float[] vocals) {
    double s = 0;
    long n = 0;
    for (float v : vocals) {
      if (v != 0) {
        s += (double) v * v;
        n++;
      }
    }
    return Math.sqrt(s / Math.max(1, n));
  }
}
