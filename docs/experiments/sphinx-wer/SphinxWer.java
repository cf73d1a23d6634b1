import edu.cmu.sphinx.api.*;
import java.io.*;
import java.nio.file.*;
import java.util.*;

public class SphinxWer {
  // args: pairs of (raw s16le 16k mono file, reference text)
  public static void main(String[] a) throws Exception {
    Configuration c = new Configuration();
    c.setAcousticModelPath("resource:/edu/cmu/sphinx/models/en-us/en-us");
    c.setDictionaryPath("resource:/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict");
    c.setLanguageModelPath("resource:/edu/cmu/sphinx/models/en-us/en-us.lm.bin");
    StreamSpeechRecognizer r = new StreamSpeechRecognizer(c);
    List<String> lines = Files.readAllLines(Path.of(a[0]));
    int errs = 0, words = 0;
    long audioBytes = 0; long t0 = System.nanoTime();
    for (String line : lines) {
      String[] p = line.split("\t");
      byte[] pcm = Files.readAllBytes(Path.of(p[0]));
      audioBytes += pcm.length;
      r.startRecognition(new ByteArrayInputStream(pcm));
      StringBuilder hyp = new StringBuilder();
      SpeechResult res;
      while ((res = r.getResult()) != null) hyp.append(res.getHypothesis()).append(' ');
      r.stopRecognition();
      String[] ref = norm(p[1]), h = norm(hyp.toString());
      int e = lev(ref, h);
      errs += e; words += ref.length;
      System.out.printf("%s\tWER %.2f\tref=[%s]\thyp=[%s]%n", Path.of(p[0]).getFileName(), e / (double) ref.length, String.join(" ", ref), String.join(" ", h));
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("TOTAL WER %.3f (%d errors / %d words), audio %.1f s, decode %.1f s%n", errs / (double) words, errs, words, audioBytes / 32000.0, secs);
  }
  static String[] norm(String s) {
    String t = s.toLowerCase().replaceAll("[^a-z' ]", " ").trim();
    return t.isEmpty() ? new String[0] : t.split("\\s+");
  }
  static int lev(String[] x, String[] y) {
    int[][] d = new int[x.length + 1][y.length + 1];
    for (int i = 0; i <= x.length; i++) d[i][0] = i;
    for (int j = 0; j <= y.length; j++) d[0][j] = j;
    for (int i = 1; i <= x.length; i++) for (int j = 1; j <= y.length; j++)
      d[i][j] = Math.min(Math.min(d[i-1][j] + 1, d[i][j-1] + 1), d[i-1][j-1] + (x[i-1].equals(y[j-1]) ? 0 : 1));
    return d[x.length][y.length];
  }
}
