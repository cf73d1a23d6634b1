package io.chfen.sample.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The field corpus's sound: real recorded words of one speaker (KTuberling's voice packs) strung
 * into utterances, given a room (a Schroeder reverberator) and a place in the stereo image, over a
 * stretch of a real song (LinCity-NG's music) at a set speech-to-music ratio. The stems come out as
 * 16-bit integers (as floats that are exact multiples of 1/32767), so the mixture is exactly their
 * sum after a WAV round trip.
 */
final class FieldAudio {
  static final int RATE = VideoRenderer.RATE;
  private static final float FULL = 32767f;

  /** The stems, interleaved at {@link #RATE}, and where the dry speech sounds (ms). */
  record Stems(float[] vocals, float[] music, int channels, List<long[]> speechMs) {
    float[] mixture() {
      float[] m = new float[vocals.length];
      for (int i = 0; i < m.length; i++) {
        m[i] = vocals[i] + music[i];
      }
      return m;
    }
  }

  private FieldAudio() {}

  /**
   * Makes one video's stems.
   *
   * @param words the speaker's word recordings
   * @param song the music
   * @param frames sample frames to fill
   * @param pan -1 (left) .. 1 (right); ignored for mono
   * @param reverbS reverberation time (RT60) of the room, 0 for none
   * @param smrDb speech-to-music ratio, RMS while speaking against the music's RMS
   */
  static Stems make(
      List<Path> words,
      Path song,
      int frames,
      int channels,
      double pan,
      double reverbS,
      double smrDb,
      SplittableRandom rnd)
      throws IOException {
    float[] dry = new float[frames];
    List<long[]> spans = new ArrayList<>();
    int at = (int) (RATE * (0.25 + 0.5 * rnd.nextDouble()));
    int tail = (int) (RATE * 0.35);
    while (at < frames - tail) {
      int start = at;
      int count = 3 + rnd.nextInt(4);
      for (int w = 0; w < count; w++) {
        float[] word =
            AudioClips.trimSilence(
                highPass(AudioClips.read(words.get(rnd.nextInt(words.size())), RATE, 1)), 1, 0.02f);
        if (at + word.length >= frames - tail) {
          break;
        }
        System.arraycopy(word, 0, dry, at, word.length);
        at += word.length + (int) (RATE * (0.05 + 0.13 * rnd.nextDouble()));
      }
      if (at > start) {
        spans.add(new long[] {start * 1000L / RATE, at * 1000L / RATE});
      }
      at += (int) (RATE * (0.4 + 1.1 * rnd.nextDouble()));
    }
    float[] wet = reverbS > 0 ? reverb(dry, reverbS, rnd) : dry;
    float[] songAudio = AudioClips.read(song, RATE, 2);
    int songFrames = songAudio.length / 2;
    int offset = rnd.nextInt(Math.max(1, songFrames - frames));
    float[] vocals = new float[frames * channels];
    float[] music = new float[frames * channels];
    double gl = Math.cos((pan + 1) * Math.PI / 4) * Math.sqrt(2);
    double gr = Math.sin((pan + 1) * Math.PI / 4) * Math.sqrt(2);
    for (int i = 0; i < frames; i++) {
      int j = ((offset + i) % songFrames) * 2;
      if (channels == 1) {
        vocals[i] = wet[i];
        music[i] = 0.5f * (songAudio[j] + songAudio[j + 1]);
      } else {
        vocals[2 * i] = (float) (wet[i] * gl);
        vocals[2 * i + 1] = (float) (wet[i] * gr);
        music[2 * i] = songAudio[j];
        music[2 * i + 1] = songAudio[j + 1];
      }
    }
    double g = speechRms(vocals) / (AudioClips.rms(music) * Math.pow(10, smrDb / 20));
    scale(music, g);
    double peak = 0;
    for (int i = 0; i < vocals.length; i++) {
      peak = Math.max(peak, Math.abs(vocals[i] + music[i]));
    }
    double fit = 0.89 / Math.max(peak, 1e-9);
    scale(vocals, fit);
    scale(music, fit);
    quantize(vocals);
    quantize(music);
    return new Stems(vocals, music, channels, spans);
  }

  /** The word recordings of one KTuberling language (sorted, so a seed picks the same words). */
  static List<Path> words(Path soundsDir, String language) throws IOException {
    try (Stream<Path> s = Files.list(soundsDir.resolve(language))) {
      List<Path> out =
          s.filter(p -> p.getFileName().toString().matches(".*\\.(ogg|wav|opus)"))
              .sorted()
              .toList();
      if (out.size() < 20) {
        throw new IOException("too few word recordings for " + language + " in " + soundsDir);
      }
      return out;
    }
  }

  /**
   * A Schroeder reverberator (four parallel combs, two allpasses), feedback set for the given RT60,
   * mixed with the dry signal; the room's delays vary with the seed.
   */
  static float[] reverb(float[] dry, double rt60, SplittableRandom rnd) {
    int[] combs = {1557, 1617, 1491, 1422};
    int[] allpasses = {225, 556};
    float[] wet = new float[dry.length];
    for (int c : combs) {
      int d = c + rnd.nextInt(60);
      double fb = Math.pow(10, -3.0 * d / (rt60 * RATE));
      float[] buf = new float[d];
      int p = 0;
      for (int i = 0; i < dry.length; i++) {
        float y = buf[p];
        buf[p] = (float) (dry[i] + fb * y);
        wet[i] += y / combs.length;
        p = (p + 1) % d;
      }
    }
    for (int a : allpasses) {
      float[] buf = new float[a];
      int p = 0;
      for (int i = 0; i < wet.length; i++) {
        float b = buf[p];
        float x = wet[i];
        buf[p] = x + 0.5f * b;
        wet[i] = b - 0.5f * x;
        p = (p + 1) % a;
      }
    }
    float[] out = new float[dry.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = dry[i] + 0.6f * wet[i];
    }
    return out;
  }

  /**
   * The recording without its DC offset and rumble (some voice packs sit at +0.03 DC): a
   * second-order Butterworth high-pass at 60 Hz, as any mix would apply to a voice.
   */
  static float[] highPass(float[] x) {
    double mean = 0;
    for (float v : x) {
      mean += v;
    }
    mean /= Math.max(1, x.length);
    double w = Math.tan(Math.PI * 60 / RATE);
    double k = 1 / (1 + Math.sqrt(2) * w + w * w);
    double b0 = k;
    double b1 = -2 * k;
    double b2 = k;
    double a1 = 2 * (w * w - 1) * k;
    double a2 = (1 - Math.sqrt(2) * w + w * w) * k;
    float[] y = new float[x.length];
    double x1 = 0;
    double x2 = 0;
    double y1 = 0;
    double y2 = 0;
    for (int i = 0; i < x.length; i++) {
      double in = x[i] - mean;
      double out = b0 * in + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = in;
      y2 = y1;
      y1 = out;
      y[i] = (float) out;
    }
    return y;
  }

  /** RMS over the samples where speech sounds (how the separation evaluation defines SMR). */
  static double speechRms(float[] vocals) {
    double s = 0;
    long n = 0;
    for (float v : vocals) {
      if (Math.abs(v) > 1e-4) {
        s += (double) v * v;
        n++;
      }
    }
    return Math.sqrt(s / Math.max(1, n));
  }

  private static void scale(float[] x, double g) {
    for (int i = 0; i < x.length; i++) {
      x[i] *= (float) g;
    }
  }

  private static void quantize(float[] x) {
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.round(x[i] * FULL) / FULL;
    }
  }
}
