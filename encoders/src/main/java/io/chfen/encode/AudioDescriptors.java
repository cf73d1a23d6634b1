package io.chfen.encode;

import io.chfen.formats.WavReader;
import io.chfen.media.AudioFormat;
import io.chfen.media.Resampler;
import java.util.List;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Engineered audio descriptors on a time grid, for when no pretrained audio encoder is at hand: for
 * the vocals an eGeMAPS-style set (loudness, pitch and its variation, jitter and shimmer proxies,
 * harmonicity, spectral shape, MFCC statistics, the share of speech), for the music its loudness,
 * spectral shape, onset rate and chroma, and over the whole clip also tempo and mode. Audio is
 * analysed as 16 kHz mono in 32 ms Hann frames every 10 ms.
 *
 * <p>Values are scaled to about unit range (dB / 100, semitones / 100, kHz, …) and always finite.
 */
public final class AudioDescriptors {
  public static final int RATE = 16_000;
  static final int FRAME = 512;
  static final int HOP = 160;
  private static final int BINS = FRAME / 2 + 1;
  private static final int MELS = 26;
  private static final int MFCC = 13;
  private static final double SILENT_DB = -60;

  /** Names of the vocals vector's components, in order. */
  public static final List<String> VOCAL_FEATURES = vocalNames();

  /** Names of the music vector's components, in order (the global vector adds tempo and mode). */
  public static final List<String> MUSIC_FEATURES = musicNames();

  public static final List<String> MUSIC_GLOBAL_FEATURES = musicGlobalNames();

  /** Per-frame analysis of a signal. */
  public static final class Frames {
    final int count;
    final float[] db;
    final float[] f0;
    final float[] periodicity;
    final float[] centroid;
    final float[] rolloff;
    final float[] flatness;
    final float[] flux;
    final float[][] mfcc;
    final float[][] chroma;

    Frames(int n) {
      count = n;
      db = new float[n];
      f0 = new float[n];
      periodicity = new float[n];
      centroid = new float[n];
      rolloff = new float[n];
      flatness = new float[n];
      flux = new float[n];
      mfcc = new float[n][MFCC];
      chroma = new float[n][12];
    }

    /** Seconds of audio analysed. */
    public double seconds() {
      return count * (double) HOP / RATE;
    }
  }

  private AudioDescriptors() {}

  /** Any WAV's audio as 16 kHz mono. */
  public static float[] mono16k(WavReader.Audio a) {
    float[] mono = a.mono();
    if (a.sampleRate() == RATE) {
      return mono;
    }
    try (Resampler r = new Resampler(a.sampleRate(), 1, AudioFormat.SPEECH)) {
      float[] head = r.push(mono, 0, mono.length);
      float[] tail = r.finish();
      float[] out = new float[head.length + tail.length];
      System.arraycopy(head, 0, out, 0, head.length);
      System.arraycopy(tail, 0, out, head.length, tail.length);
      return out;
    }
  }

  /** The per-frame analysis of 16 kHz mono audio. */
  public static Frames analyze(float[] x) {
    int n = x.length < FRAME ? 0 : 1 + (x.length - FRAME) / HOP;
    Frames f = new Frames(n);
    float[] window = new float[FRAME];
    for (int i = 0; i < FRAME; i++) {
      window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME));
    }
    float[][] mel = melBank();
    int[] pitchClass = pitchClasses();
    FloatFFT_1D fft = new FloatFFT_1D(FRAME);
    float[] buf = new float[FRAME];
    float[] mag = new float[BINS];
    float[] prevMag = new float[BINS];
    float[] logMel = new float[MELS];
    for (int t = 0; t < n; t++) {
      int off = t * HOP;
      double energy = 0;
      for (int i = 0; i < FRAME; i++) {
        energy += x[off + i] * x[off + i];
      }
      f.db[t] = (float) Math.max(-100, 10 * Math.log10(energy / FRAME + 1e-10));
      pitch(x, off, f, t);
      for (int i = 0; i < FRAME; i++) {
        buf[i] = x[off + i] * window[i];
      }
      fft.realForward(buf);
      double total = 0;
      double weighted = 0;
      double logSum = 0;
      double flux = 0;
      for (int k = 0; k < BINS; k++) {
        double re = k == 0 ? buf[0] : k == BINS - 1 ? buf[1] : buf[2 * k];
        double im = k == 0 || k == BINS - 1 ? 0 : buf[2 * k + 1];
        double p = re * re + im * im;
        mag[k] = (float) Math.sqrt(p);
        total += p;
        weighted += p * k * RATE / (double) FRAME;
        logSum += Math.log(p + 1e-12);
        double d = mag[k] - prevMag[k];
        flux += d > 0 ? d : 0;
        if (pitchClass[k] >= 0) {
          f.chroma[t][pitchClass[k]] += (float) p;
        }
      }
      f.centroid[t] = total > 0 ? (float) (weighted / total / 1000) : 0;
      double cum = 0;
      int roll = 0;
      while (roll < BINS - 1 && cum < 0.85 * total) {
        double re = roll == 0 ? buf[0] : buf[2 * roll];
        double im = roll == 0 ? 0 : buf[2 * roll + 1];
        cum += re * re + im * im;
        roll++;
      }
      f.rolloff[t] = (float) (roll * RATE / (double) FRAME / 1000);
      double arith = total / BINS;
      f.flatness[t] = arith > 0 ? (float) Math.min(1, Math.exp(logSum / BINS) / arith) : 0;
      double norm = 0;
      for (float m : mag) {
        norm += m;
      }
      f.flux[t] = t == 0 || norm == 0 ? 0 : (float) (flux / norm);
      System.arraycopy(mag, 0, prevMag, 0, BINS);
      double chromaSum = 0;
      for (float c : f.chroma[t]) {
        chromaSum += c;
      }
      for (int c = 0; c < 12; c++) {
        f.chroma[t][c] = chromaSum > 0 ? (float) (f.chroma[t][c] / chromaSum) : 0;
      }
      for (int m = 0; m < MELS; m++) {
        double e = 0;
        for (int k = 0; k < BINS; k++) {
          e += mel[m][k] * mag[k] * mag[k];
        }
        logMel[m] = (float) Math.log(e + 1e-10);
      }
      for (int c = 0; c < MFCC; c++) {
        double s = 0;
        for (int m = 0; m < MELS; m++) {
          s += logMel[m] * Math.cos(Math.PI * c * (m + 0.5) / MELS);
        }
        f.mfcc[t][c] = (float) (s * Math.sqrt(2.0 / MELS) / 10);
      }
    }
    return f;
  }

  /**
   * Pitch by normalized autocorrelation over 70–400 Hz: the lag of the highest peak, refined by a
   * parabola; voiced where that peak reaches 0.5 and the frame is not silent.
   */
  private static void pitch(float[] x, int off, Frames f, int t) {
    int minLag = RATE / 400;
    int maxLag = RATE / 70;
    double r0 = 0;
    for (int i = 0; i < FRAME; i++) {
      r0 += x[off + i] * x[off + i];
    }
    if (r0 <= 0 || f.db[t] < SILENT_DB) {
      return;
    }
    double best = 0;
    int lag = 0;
    double[] r = new double[maxLag + 2];
    for (int l = minLag - 1; l <= maxLag + 1; l++) {
      double s = 0;
      double e1 = 0;
      double e2 = 0;
      for (int i = 0; i + l < FRAME; i++) {
        s += x[off + i] * x[off + i + l];
        e1 += x[off + i] * x[off + i];
        e2 += x[off + i + l] * x[off + i + l];
      }
      r[l] = e1 > 0 && e2 > 0 ? s / Math.sqrt(e1 * e2) : 0;
    }
    for (int l = minLag; l <= maxLag; l++) {
      if (r[l] > best && r[l] >= r[l - 1] && r[l] >= r[l + 1]) {
        best = r[l];
        lag = l;
      }
    }
    f.periodicity[t] = (float) Math.max(0, best);
    if (best >= 0.5 && lag > 0) {
      double a = r[lag - 1];
      double b = r[lag];
      double c = r[lag + 1];
      double denom = a - 2 * b + c;
      double shift = denom != 0 ? 0.5 * (a - c) / denom : 0;
      f.f0[t] = (float) (RATE / (lag + Math.max(-0.5, Math.min(0.5, shift))));
    }
  }

  /**
   * Vocals descriptors per step ({@link #VOCAL_FEATURES}); {@code speech[t]}: the share of step t
   * the voice activity detector marked as speech. Steps past the audio are null.
   */
  public static float[][] vocals(Frames f, int steps, double stepS, double[] speech) {
    float[][] out = new float[steps][];
    for (int s = 0; s < steps; s++) {
      int[] r = range(f, s, stepS);
      if (r == null) {
        continue;
      }
      out[s] = vocalVector(f, r[0], r[1], speech[s]);
    }
    return out;
  }

  /** The vocals descriptor over the whole clip; {@code speechRatio}: its share of speech. */
  public static float[] vocalsGlobal(Frames f, double speechRatio) {
    return f.count == 0 ? null : vocalVector(f, 0, f.count, speechRatio);
  }

  private static float[] vocalVector(Frames f, int from, int to, double speech) {
    Stats db = new Stats();
    Stats semis = new Stats();
    Stats periodicity = new Stats();
    double jitter = 0;
    double shimmer = 0;
    int pairs = 0;
    int voiced = 0;
    for (int t = from; t < to; t++) {
      db.add(f.db[t]);
      if (f.f0[t] > 0) {
        voiced++;
        semis.add(12 * Math.log(f.f0[t] / 27.5) / Math.log(2));
        periodicity.add(f.periodicity[t]);
        if (t > from && f.f0[t - 1] > 0) {
          double p0 = 1 / f.f0[t - 1];
          double p1 = 1 / f.f0[t];
          jitter += Math.abs(p1 - p0) / ((p0 + p1) / 2);
          shimmer += Math.abs(f.db[t] - f.db[t - 1]);
          pairs++;
        }
      }
    }
    float[] v = new float[VOCAL_FEATURES.size()];
    int i = 0;
    v[i++] = (float) (db.mean() / 100);
    v[i++] = (float) (db.std() / 100);
    v[i++] = (float) (semis.mean() / 100);
    v[i++] = (float) (semis.std() / 100);
    v[i++] = (float) voiced / Math.max(1, to - from);
    v[i++] = pairs == 0 ? 0 : (float) (jitter / pairs);
    v[i++] = pairs == 0 ? 0 : (float) (shimmer / pairs / 10);
    v[i++] = (float) periodicity.mean();
    i = spectral(f, from, to, v, i);
    for (int c = 0; c < MFCC; c++) {
      Stats m = new Stats();
      for (int t = from; t < to; t++) {
        m.add(f.mfcc[t][c]);
      }
      v[i + c] = (float) m.mean();
      v[i + MFCC + c] = (float) m.std();
    }
    i += 2 * MFCC;
    v[i] = (float) speech;
    return v;
  }

  /** Music descriptors per step ({@link #MUSIC_FEATURES}); steps past the audio are null. */
  public static float[][] music(Frames f, int steps, double stepS) {
    float[][] out = new float[steps][];
    for (int s = 0; s < steps; s++) {
      int[] r = range(f, s, stepS);
      if (r != null) {
        out[s] = musicVector(f, r[0], r[1]);
      }
    }
    return out;
  }

  /** The music descriptor over the whole clip, with tempo, mode and key clarity. */
  public static float[] musicGlobal(Frames f) {
    if (f.count == 0) {
      return null;
    }
    float[] local = musicVector(f, 0, f.count);
    float[] v = new float[MUSIC_GLOBAL_FEATURES.size()];
    System.arraycopy(local, 0, v, 0, local.length);
    int i = local.length;
    v[i++] = (float) (tempo(f) / 200);
    double[] key = key(f);
    v[i++] = (float) key[0];
    v[i] = (float) key[1];
    return v;
  }

  private static float[] musicVector(Frames f, int from, int to) {
    Stats db = new Stats();
    for (int t = from; t < to; t++) {
      db.add(f.db[t]);
    }
    float[] v = new float[MUSIC_FEATURES.size()];
    int i = 0;
    v[i++] = (float) (db.mean() / 100);
    v[i++] = (float) (db.std() / 100);
    i = spectral(f, from, to, v, i);
    v[i++] = (float) (onsets(f, from, to) / ((to - from) * (double) HOP / RATE) / 10);
    for (int c = 0; c < 12; c++) {
      double s = 0;
      for (int t = from; t < to; t++) {
        s += f.chroma[t][c];
      }
      v[i + c] = (float) (s / Math.max(1, to - from));
    }
    return v;
  }

  /** Means of centroid, roll-off, flatness and flux into v from i; returns the next index. */
  private static int spectral(Frames f, int from, int to, float[] v, int i) {
    Stats c = new Stats();
    Stats r = new Stats();
    Stats fl = new Stats();
    Stats fx = new Stats();
    for (int t = from; t < to; t++) {
      c.add(f.centroid[t]);
      r.add(f.rolloff[t]);
      fl.add(f.flatness[t]);
      fx.add(f.flux[t]);
    }
    v[i++] = (float) c.mean();
    v[i++] = (float) r.mean();
    v[i++] = (float) fl.mean();
    v[i++] = (float) fx.mean();
    return i;
  }

  /** Onsets: local maxima of the spectral flux above its running mean plus a margin. */
  private static int onsets(Frames f, int from, int to) {
    int n = 0;
    for (int t = Math.max(from, 1); t < to - 1; t++) {
      double local = 0;
      int k = 0;
      for (int u = Math.max(0, t - 10); u <= Math.min(f.count - 1, t + 10); u++) {
        local += f.flux[u];
        k++;
      }
      if (f.flux[t] > f.flux[t - 1]
          && f.flux[t] >= f.flux[t + 1]
          && f.flux[t] > local / k + 0.05
          && f.db[t] > SILENT_DB) {
        n++;
      }
    }
    return n;
  }

  /** Tempo (BPM, 60–200) from the autocorrelation of the spectral flux; 0 when none shows. */
  static double tempo(Frames f) {
    double fps = RATE / (double) HOP;
    int minLag = (int) Math.round(fps * 60 / 200);
    int maxLag = (int) Math.round(fps * 60 / 60);
    if (f.count < 2 * maxLag) {
      return 0;
    }
    double mean = 0;
    for (float x : f.flux) {
      mean += x;
    }
    mean /= f.count;
    double best = 0;
    int lag = 0;
    for (int l = minLag; l <= maxLag; l++) {
      double s = 0;
      for (int t = 0; t + l < f.count; t++) {
        s += (f.flux[t] - mean) * (f.flux[t + l] - mean);
      }
      s /= f.count - l;
      if (s > best) {
        best = s;
        lag = l;
      }
    }
    return lag == 0 ? 0 : 60 * fps / lag;
  }

  /**
   * Mode and key clarity from the mean chroma against the Krumhansl–Kessler key profiles: {+r} for
   * the best major key, {−r} for the best minor key (r its correlation), and the clarity (best
   * minus the mean correlation over all 24 keys).
   */
  static double[] key(Frames f) {
    double[] major = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
    double[] minor = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};
    double[] chroma = new double[12];
    for (int t = 0; t < f.count; t++) {
      for (int c = 0; c < 12; c++) {
        chroma[c] += f.chroma[t][c];
      }
    }
    double best = -2;
    boolean bestMajor = true;
    double sum = 0;
    for (int tonic = 0; tonic < 12; tonic++) {
      double maj = correlation(chroma, major, tonic);
      double min = correlation(chroma, minor, tonic);
      sum += maj + min;
      if (maj > best) {
        best = maj;
        bestMajor = true;
      }
      if (min > best) {
        best = min;
        bestMajor = false;
      }
    }
    if (best <= -2) {
      return new double[] {0, 0};
    }
    return new double[] {bestMajor ? best : -best, best - sum / 24};
  }

  private static double correlation(double[] chroma, double[] profile, int tonic) {
    double ma = 0;
    double mb = 0;
    for (int c = 0; c < 12; c++) {
      ma += chroma[c];
      mb += profile[c];
    }
    ma /= 12;
    mb /= 12;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int c = 0; c < 12; c++) {
      double a = chroma[(c + tonic) % 12] - ma;
      double b = profile[c] - mb;
      sab += a * b;
      saa += a * a;
      sbb += b * b;
    }
    return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
  }

  /** Frames of step s ([from, to)), or null when the step lies past the audio. */
  private static int[] range(Frames f, int s, double stepS) {
    int from = (int) Math.floor(s * stepS * RATE / HOP);
    int to = Math.min(f.count, (int) Math.floor((s + 1) * stepS * RATE / HOP));
    return to - from < 5 ? null : new int[] {from, to};
  }

  /** Triangular mel filters over the power spectrum bins, 0–8 kHz. */
  private static float[][] melBank() {
    float[][] bank = new float[MELS][BINS];
    double maxMel = mel(RATE / 2.0);
    double[] centres = new double[MELS + 2];
    for (int m = 0; m < MELS + 2; m++) {
      centres[m] = hz(maxMel * m / (MELS + 1)) * FRAME / RATE;
    }
    for (int m = 0; m < MELS; m++) {
      for (int k = 0; k < BINS; k++) {
        double up = (k - centres[m]) / (centres[m + 1] - centres[m]);
        double down = (centres[m + 2] - k) / (centres[m + 2] - centres[m + 1]);
        bank[m][k] = (float) Math.max(0, Math.min(up, down));
      }
    }
    return bank;
  }

  private static double mel(double hz) {
    return 2595 * Math.log10(1 + hz / 700);
  }

  private static double hz(double mel) {
    return 700 * (Math.pow(10, mel / 2595) - 1);
  }

  /** The pitch class (0 = C) of each bin from 60 Hz to 5 kHz, -1 outside. */
  private static int[] pitchClasses() {
    int[] pc = new int[BINS];
    for (int k = 0; k < BINS; k++) {
      double hz = k * RATE / (double) FRAME;
      if (hz < 60 || hz > 5000) {
        pc[k] = -1;
      } else {
        int midi = (int) Math.round(12 * Math.log(hz / 440) / Math.log(2) + 69);
        pc[k] = Math.floorMod(midi, 12);
      }
    }
    return pc;
  }

  /** Running mean and standard deviation (0 for no values). */
  private static final class Stats {
    private int n;
    private double sum;
    private double sumSq;

    void add(double x) {
      n++;
      sum += x;
      sumSq += x * x;
    }

    double mean() {
      return n == 0 ? 0 : sum / n;
    }

    double std() {
      return n < 2 ? 0 : Math.sqrt(Math.max(0, sumSq / n - mean() * mean()));
    }
  }

  private static List<String> vocalNames() {
    List<String> n =
        new java.util.ArrayList<>(
            List.of(
                "loudness_db_mean",
                "loudness_db_std",
                "f0_semitones_mean",
                "f0_semitones_std",
                "voiced_ratio",
                "jitter",
                "shimmer_db",
                "harmonicity",
                "centroid_khz",
                "rolloff_khz",
                "flatness",
                "flux"));
    for (int c = 0; c < MFCC; c++) {
      n.add("mfcc" + c + "_mean");
    }
    for (int c = 0; c < MFCC; c++) {
      n.add("mfcc" + c + "_std");
    }
    n.add("speech_ratio");
    return List.copyOf(n);
  }

  private static List<String> musicNames() {
    List<String> n =
        new java.util.ArrayList<>(
            List.of(
                "loudness_db_mean",
                "loudness_db_std",
                "centroid_khz",
                "rolloff_khz",
                "flatness",
                "flux",
                "onset_rate"));
    for (String c : List.of("C", "Cs", "D", "Ds", "E", "F", "Fs", "G", "Gs", "A", "As", "B")) {
      n.add("chroma_" + c);
    }
    return List.copyOf(n);
  }

  private static List<String> musicGlobalNames() {
    List<String> n = new java.util.ArrayList<>(musicNames());
    n.addAll(List.of("tempo_bpm", "mode", "key_clarity"));
    return List.copyOf(n);
  }
}
