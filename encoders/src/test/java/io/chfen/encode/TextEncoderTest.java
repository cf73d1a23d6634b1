package io.chfen.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.layout.GroundTruth;
import io.chfen.models.ModelFiles;
import io.chfen.sample.SampleData;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The text encoder (bge-small-zh-v1.5 over its tokenizer) on the corpus's subtitles. */
class TextEncoderTest {
  private static final TextEncoder ENCODER = new TextEncoder(ModelFiles.dir());

  @AfterAll
  static void close() {
    ENCODER.close();
  }

  @Test
  void meaningDecidesTheDistance() {
    float[][] e = ENCODER.encode(List.of("今天天气很好", "今天的天气非常好", "我喜欢踢足球", "今天天气很好"));
    assertEquals(512, e[0].length);
    assertEquals(1.0, Vectors.dot(e[0], e[0]), 1e-5, "unit length");
    double paraphrase = Vectors.dot(e[0], e[1]);
    double unrelated = Vectors.dot(e[0], e[2]);
    assertTrue(paraphrase > unrelated + 0.15, paraphrase + " vs " + unrelated);
    assertArrayEquals(e[0], e[3], "the same text in one batch");
  }

  @Test
  void aTextGetsTheSameVectorAloneOrAmongOthersAndReRunsAreIdentical() throws Exception {
    List<String> lines = GroundTruth.subtitleLines(SampleData.corpus());
    assertTrue(lines.size() >= 30, lines.size() + " lines");
    float[][] all = ENCODER.encode(lines);
    for (int i = 0; i < lines.size(); i++) {
      assertArrayEquals(all[i], ENCODER.encode(List.of(lines.get(i)))[0], lines.get(i));
    }
    // batches of 32: the int8 model's per-batch activation scale moves vectors a little
    try (TextEncoder batched = new TextEncoder(ModelFiles.dir(), "bge-small-zh-v1.5-q", 32)) {
      float[][] b = batched.encode(lines);
      double worst = 1;
      for (int i = 0; i < lines.size(); i++) {
        worst = Math.min(worst, Vectors.dot(all[i], b[i]));
      }
      assertTrue(worst >= 0.97 && worst < 1, "lowest batch-vs-single cosine " + worst);
      float[][] again = batched.encode(lines);
      for (int i = 0; i < lines.size(); i++) {
        assertArrayEquals(b[i], again[i], lines.get(i));
      }
    }
  }
}
