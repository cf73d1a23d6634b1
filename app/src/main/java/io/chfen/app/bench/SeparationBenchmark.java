package io.chfen.app.bench;

import io.chfen.app.print.Numbers;
import io.chfen.app.print.Table;
import io.chfen.formats.WavReader;
import io.chfen.layout.ArtifactFiles;
import io.chfen.layout.GroundTruth;
import io.chfen.media.AudioSamples;
import io.chfen.media.MediaInfo;
import io.chfen.records.ModalityResult;
import io.chfen.separation.SeparationAnalyzer;
import io.chfen.separation.SileroVad;
import io.chfen.separation.SpeechMusicSeparator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Separation speed and memory: the separation analyzer fed 44.1 kHz stereo blocks as the decoder
 * feeds them (decoding left out: {@code chfen dev bench decode} measures it), on one thread. A long
 * input is the corpus mixes looped to the requested length; the peak heap is the JVM's own measure
 * of the heap pools' peak use, after a warm-up run and a reset.
 */
public final class SeparationBenchmark {
  private static final int BLOCK = 1024;

  private final Path corpus;
  private final Path models;

  public SeparationBenchmark(Path corpus, Path models) {
    this.corpus = corpus;
    this.models = models;
  }

  /** One measured input: its length, wall time and peak heap. */
  public record Run(String input, double seconds, double wallS, double peakHeapMb) {
    public double realTime() {
      return seconds / wallS;
    }
  }

  /** The corpus's speech-over-music mixtures (true stems summed), interleaved stereo. */
  public List<float[]> mixtures(List<String> clips) throws IOException {
    List<float[]> out = new ArrayList<>();
    for (String c : clips) {
      WavReader.Audio v = WavReader.read(GroundTruth.truth(corpus, c, ArtifactFiles.VOCALS));
      WavReader.Audio m = WavReader.read(GroundTruth.truth(corpus, c, ArtifactFiles.MUSIC));
      int frames = Math.min(v.frames(), m.frames());
      float[] x = new float[frames * 2];
      for (int i = 0; i < frames; i++) {
        for (int ch = 0; ch < 2; ch++) {
          int vc = Math.min(ch, v.channels() - 1);
          int mc = Math.min(ch, m.channels() - 1);
          x[i * 2 + ch] =
              v.interleaved()[i * v.channels() + vc] + m.interleaved()[i * m.channels() + mc];
        }
      }
      out.add(x);
    }
    return out;
  }

  /** Feeds {@code seconds} of the looped mixtures through one analyzer and measures it. */
  public Run run(String name, List<float[]> loop, double seconds, Path outDir) throws IOException {
    resetPeaks();
    long frames = Math.round(seconds * 44_100);
    MediaInfo info = new MediaInfo(outDir.resolve(name), seconds, 0, 0, 0, "none", true, 44_100, 2);
    long t0 = System.nanoTime();
    try (SeparationAnalyzer a =
        new SeparationAnalyzer(
            new SpeechMusicSeparator().withVad(SileroVad.shared(models)),
            SileroVad.shared(models))) {
      a.begin(info, outDir);
      float[] block = new float[BLOCK * 2];
      long fed = 0;
      int clip = 0;
      int at = 0;
      while (fed < frames) {
        int n = (int) Math.min(BLOCK, frames - fed);
        for (int i = 0; i < n; i++) {
          float[] x = loop.get(clip);
          if (at * 2 >= x.length) {
            clip = (clip + 1) % loop.size();
            at = 0;
            x = loop.get(clip);
          }
          block[i * 2] = x[at * 2];
          block[i * 2 + 1] = x[at * 2 + 1];
          at++;
        }
        a.audio(
            new AudioSamples(
                Math.round(fed * 1e6 / 44_100), 44_100, 2, FloatBuffer.wrap(block, 0, n * 2)));
        fed += n;
      }
      ModalityResult r = a.end(seconds);
      if (!"ok".equals(r.getStatus())) {
        throw new IllegalStateException(
            name + ": separation " + r.getStatus() + " " + r.getMessage());
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    return new Run(name, seconds, wall, peakHeapMb());
  }

  /** Warm-up, then each corpus mix on its own and one long looped input; a table. */
  public String run(List<String> clips, double longSeconds) throws IOException {
    Path out = Files.createTempDirectory("chfen-bench-separation");
    try {
      List<float[]> mixes = mixtures(clips);
      run("warm-up", mixes, 30, out);
      Table t = new Table("input", "audio s", "wall s", "× real time (one core)", "peak heap MB");
      double total = 0;
      double wall = 0;
      for (int i = 0; i < clips.size(); i++) {
        double s = mixes.get(i).length / 2 / 44_100.0;
        Run r = run(clips.get(i), List.of(mixes.get(i)), s, out);
        total += r.seconds();
        wall += r.wallS();
        row(t, r);
      }
      t.row(
          "corpus clips",
          Numbers.fixed(total, 1),
          Numbers.fixed(wall, 1),
          Numbers.fixed(total / wall, 1),
          "");
      row(
          t,
          run(
              String.format(Locale.ROOT, "%.0f min looped", longSeconds / 60),
              mixes,
              longSeconds,
              out));
      return t.toString();
    } finally {
      io.chfen.files.FileOps.deleteTree(out);
    }
  }

  private static void row(Table t, Run r) {
    t.row(
        r.input(),
        Numbers.fixed(r.seconds(), 1),
        Numbers.fixed(r.wallS(), 1),
        Numbers.fixed(r.realTime(), 1),
        Numbers.fixed(r.peakHeapMb(), 1));
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peaks since the reset (an upper bound on the live peak). */
  private static double peakHeapMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum / 1e6;
  }
}
