package io.chfen.sample.corpus;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** Audio material for the corpus: any file decoded to float PCM, and espeak-ng speech. */
final class AudioClips {
  private AudioClips() {}

  /**
   * A file's audio as interleaved floats at {@code rate} and {@code channels} (FFmpeg resamples).
   */
  static float[] read(Path file, int rate, int channels) throws IOException {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
      g.setSampleRate(rate);
      g.setAudioChannels(channels);
      g.start();
      List<float[]> parts = new ArrayList<>();
      int total = 0;
      Frame f;
      while ((f = g.grabSamples()) != null) {
        FloatBuffer b = (FloatBuffer) f.samples[0];
        float[] part = new float[b.remaining()];
        b.get(part);
        parts.add(part);
        total += part.length;
      }
      float[] out = new float[total];
      int at = 0;
      for (float[] p : parts) {
        System.arraycopy(p, 0, out, at, p.length);
        at += p.length;
      }
      return out;
    } catch (FrameGrabber.Exception e) {
      throw new IOException("cannot decode audio of " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Speaks {@code text} with espeak-ng ({@code voice}: cmn for Mandarin, en-us, en-gb, ...) and
   * returns it at the given rate and channels. Deterministic for a given espeak-ng version.
   */
  static float[] speak(
      String text, String voice, int wordsPerMinute, int pitch, Path work, int rate, int channels)
      throws IOException {
    Path wav = Files.createTempFile(work, "speech", ".wav");
    try {
      Process p =
          new ProcessBuilder(
                  "espeak-ng",
                  "-v",
                  voice,
                  "-s",
                  Integer.toString(wordsPerMinute),
                  "-p",
                  Integer.toString(pitch),
                  "-w",
                  wav.toString(),
                  text)
              .redirectErrorStream(true)
              .start();
      String log = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("espeak-ng failed for \"" + text + "\": " + log);
      }
      return trimSilence(read(wav, rate, channels), channels, 0.003f);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while speaking", e);
    } finally {
      Files.deleteIfExists(wav);
    }
  }

  /** Cuts leading and trailing samples quieter than {@code threshold}, so cue times are tight. */
  static float[] trimSilence(float[] x, int channels, float threshold) {
    int frames = x.length / channels;
    int first = 0;
    while (first < frames && peak(x, first, channels) < threshold) {
      first++;
    }
    int last = frames - 1;
    while (last > first && peak(x, last, channels) < threshold) {
      last--;
    }
    float[] out = new float[(last - first + 1) * channels];
    System.arraycopy(x, first * channels, out, 0, out.length);
    return out;
  }

  private static float peak(float[] x, int frame, int channels) {
    float m = 0;
    for (int c = 0; c < channels; c++) {
      m = Math.max(m, Math.abs(x[frame * channels + c]));
    }
    return m;
  }

  /** Root mean square of interleaved samples. */
  static double rms(float[] x) {
    double s = 0;
    for (float v : x) {
      s += (double) v * v;
    }
    return x.length == 0 ? 0 : Math.sqrt(s / x.length);
  }
}
