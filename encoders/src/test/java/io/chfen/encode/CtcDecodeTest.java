package io.chfen.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Greedy CTC decoding over the three vocabularies CTC exports come with. */
class CtcDecodeTest {
  /** One frame per id, the id's logit highest. */
  private static float[][] frames(List<String> vocabulary, int... ids) {
    float[][] out = new float[ids.length][vocabulary.size()];
    for (int f = 0; f < ids.length; f++) {
      out[f][ids[f]] = 5;
    }
    return out;
  }

  @Test
  void repeatsMergeBlanksSeparateAndPiecesJoin() {
    // wav2vec2: letters, "|" between words, <pad> the blank
    List<String> w2v = List.of("<pad>", "|", "H", "I", "T", "E");
    assertEquals(
        "HI THEE",
        CtcTranscriber.decode(frames(w2v, 2, 2, 3, 0, 1, 4, 2, 5, 0, 5), w2v, 0),
        "H H merge, E blank E stays double");
    // SentencePiece: ▁ starts a word
    List<String> sp = List.of("<blk>", "▁你好", "世界", "▁ok");
    assertEquals("你好世界 ok", CtcTranscriber.decode(frames(sp, 1, 1, 0, 2, 3, 3), sp, 0));
    // WordPiece: ## continues one
    List<String> wp = List.of("[PAD]", "play", "##ing", "well");
    assertEquals("playing well", CtcTranscriber.decode(frames(wp, 1, 2, 0, 3), wp, 0));
    assertEquals("", CtcTranscriber.decode(frames(w2v, 0, 0, 0), w2v, 0), "all blank");
  }
}
