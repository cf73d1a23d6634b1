package io.chfen.encode;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.chfen.artifacts.SubtitleCue;
import io.chfen.models.Onnx;
import io.chfen.separation.SpeechSegments;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Speech to text with any CTC speech-recognition export that takes a 16 kHz mono waveform {@code
 * [1, samples]} and gives per-frame logits {@code [1, frames, vocabulary]} (wav2vec2 / HuBERT /
 * Conformer-CTC exports), with its vocabulary as a text file, one token per line in id order.
 * Greedy CTC decoding: the best token per frame, repeats merged, blanks dropped; word pieces joined
 * ({@code ▁} and {@code |} mark a word start, {@code ##} a continuation). Each speech segment
 * becomes one cue, timed by the segment. Thread-safe.
 */
public final class CtcTranscriber {
  /** The model, its vocabulary and how it is fed. */
  public static final class Config extends Onnx.ModelConfig {
    private static final long serialVersionUID = 1L;

    /** The vocabulary: one token per line, line i is token id i. */
    public String tokens;

    /** The CTC blank's id. */
    public int blank = 0;

    /** Scale each segment to zero mean, unit variance first (wav2vec2's feature extractor). */
    public boolean standardize = false;

    /** Segments longer than this are cut into windows this long (s). */
    public double maxWindowS = 30;

    public Config() {
      super(1, false);
    }
  }

  private final Config c;
  private final OrtSession session;
  private final String input;
  private final String output;
  private final List<String> vocabulary;

  /**
   * @throws IOException when the model or the vocabulary is missing or unreadable, naming it
   */
  public CtcTranscriber(Config config) throws IOException {
    this.c = config;
    if (config.model == null || !Files.isRegularFile(Path.of(config.model))) {
      throw new IOException("speech-to-text model " + config.model + " is missing");
    }
    if (config.tokens == null || !Files.isRegularFile(Path.of(config.tokens))) {
      throw new IOException("speech-to-text vocabulary " + config.tokens + " is missing");
    }
    this.vocabulary = Files.readAllLines(Path.of(config.tokens), StandardCharsets.UTF_8);
    try {
      Onnx.Model m = Onnx.Model.open(config);
      this.session = m.session();
      this.input = m.input();
      this.output = m.output();
    } catch (IllegalStateException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** One cue per speech segment that has words. */
  public List<SubtitleCue> transcribe(float[] mono16k, List<SpeechSegments.Segment> segments)
      throws IOException {
    List<SubtitleCue> cues = new ArrayList<>();
    for (SpeechSegments.Segment seg : segments) {
      int from = (int) Math.max(0, seg.startMs() * AudioDescriptors.RATE / 1000);
      int to = (int) Math.min(mono16k.length, seg.endMs() * AudioDescriptors.RATE / 1000);
      if (to - from < AudioDescriptors.RATE / 10) {
        continue;
      }
      StringBuilder text = new StringBuilder();
      int window = (int) Math.round(c.maxWindowS * AudioDescriptors.RATE);
      for (int start = from; start < to; start += window) {
        float[] data = java.util.Arrays.copyOfRange(mono16k, start, Math.min(to, start + window));
        String words = decode(logits(data), vocabulary, c.blank);
        if (!words.isEmpty()) {
          text.append(text.length() > 0 ? " " : "").append(words);
        }
      }
      if (text.length() > 0) {
        cues.add(new SubtitleCue(seg.startMs(), seg.endMs(), text.toString()));
      }
    }
    return cues;
  }

  /** The model's logits for one input: [frames][vocabulary]. */
  private float[][] logits(float[] data) throws IOException {
    if (c.standardize) {
      OnnxAudioEncoder.standardize(data, 1, data.length);
    }
    try (OnnxTensor t =
            OnnxTensor.createTensor(
                Onnx.env(), FloatBuffer.wrap(data), new long[] {1, data.length});
        OrtSession.Result r = session.run(Map.of(input, t))) {
      OnnxTensor o = (OnnxTensor) r.get(output).orElseThrow();
      long[] shape = o.getInfo().getShape();
      int v = (int) shape[shape.length - 1];
      if (v != vocabulary.size()) {
        throw new IOException(
            c.model
                + " gives "
                + v
                + " classes, the vocabulary "
                + c.tokens
                + " has "
                + vocabulary.size());
      }
      float[] y = o.getFloatBuffer().array();
      float[][] out = new float[y.length / v][v];
      for (int f = 0; f < out.length; f++) {
        System.arraycopy(y, f * v, out[f], 0, v);
      }
      return out;
    } catch (OrtException e) {
      throw new IOException(c.model + ": " + e.getMessage(), e);
    }
  }

  /**
   * Greedy CTC: the best token per frame, repeats merged, blanks dropped, pieces joined (a
   * vocabulary with {@code ##} pieces is WordPiece; one vocabulary is scanned per call, a few
   * thousand tokens at most).
   */
  static String decode(float[][] logits, List<String> vocabulary, int blank) {
    boolean wordPiece = vocabulary.stream().anyMatch(t -> t.startsWith("##"));
    StringBuilder s = new StringBuilder();
    int last = -1;
    for (float[] frame : logits) {
      int best = 0;
      for (int k = 1; k < frame.length; k++) {
        if (frame[k] > frame[best]) {
          best = k;
        }
      }
      if (best != last && best != blank) {
        String piece = vocabulary.get(best);
        if (piece.startsWith("▁") || piece.equals("|")) {
          s.append(' ').append(piece.substring(1));
        } else if (piece.startsWith("##")) {
          s.append(piece.substring(2));
        } else {
          // in a WordPiece vocabulary a piece without ## starts a word; elsewhere (letters) not
          s.append(wordPiece ? " " : "").append(piece);
        }
      }
      last = best;
    }
    return s.toString().trim().replaceAll("\\s+", " ");
  }
}
