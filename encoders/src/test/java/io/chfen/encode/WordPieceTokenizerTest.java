package io.chfen.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.chfen.models.ModelFiles;
import io.chfen.models.ModelRegistry;
import io.chfen.sample.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plain-Java tokenizer gives exactly the ids of the Hugging Face library (the reference, a test
 * dependency only) for the text model's {@code tokenizer.json}: on every Unicode code point, on the
 * corpus's and the sample site's real text, on hand-made hard cases, and on random text.
 */
class WordPieceTokenizerTest {
  private static final int MAX = 512;
  private static Path file;
  private static HuggingFaceTokenizer reference;
  private static WordPieceTokenizer tokenizer;

  @BeforeAll
  static void open() throws Exception {
    ModelRegistry.Model m = ModelRegistry.get(TextEncoder.DEFAULT_MODEL);
    file = ModelFiles.verified(ModelFiles.dir(), m.file(".json"));
    reference =
        HuggingFaceTokenizer.newInstance(
            file, Map.of("maxLength", "512", "truncation", "true", "padding", "false"));
    tokenizer = WordPieceTokenizer.load(file);
  }

  @AfterAll
  static void close() {
    reference.close();
  }

  /** Compares the two on every text; returns how many differ, naming the first few. */
  private static int differences(List<String> texts, List<String> report) {
    int bad = 0;
    for (int from = 0; from < texts.size(); from += 4096) {
      List<String> batch = texts.subList(from, Math.min(texts.size(), from + 4096));
      Encoding[] want = reference.batchEncode(batch.toArray(String[]::new));
      for (int i = 0; i < batch.size(); i++) {
        WordPieceTokenizer.Encoding got = tokenizer.encode(batch.get(i), MAX);
        boolean same =
            java.util.Arrays.equals(want[i].getIds(), got.ids())
                && java.util.Arrays.equals(want[i].getAttentionMask(), got.attentionMask())
                && java.util.Arrays.equals(want[i].getTypeIds(), got.typeIds());
        if (!same) {
          bad++;
          if (report.size() < 10) {
            report.add(
                batch.get(i).codePoints().mapToObj(c -> String.format("U+%04X", c)).toList()
                    + ": "
                    + java.util.Arrays.toString(want[i].getIds())
                    + " vs "
                    + java.util.Arrays.toString(got.ids()));
          }
        }
      }
    }
    return bad;
  }

  private static void assertSame(List<String> texts) {
    List<String> report = new ArrayList<>();
    int bad = differences(texts, report);
    assertEquals(0, bad, bad + " of " + texts.size() + " texts differ, e.g. " + report);
  }

  /** Each code point between two letters: its class (control, space, mark, CJK, ...) decides. */
  @Test
  void everyCodePointIsTreatedAsTheReferenceTreatsIt() {
    List<String> texts = new ArrayList<>();
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
        texts.add("q" + new String(Character.toChars(c)) + "q");
      }
    }
    assertSame(texts);
  }

  @Test
  void realTextFromTheCorpusAndTheSampleSite() throws Exception {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> s = Files.walk(SampleData.corpus())) {
      for (Path f : s.filter(p -> p.toString().endsWith(".srt")).toList()) {
        Files.readAllLines(f).stream().filter(l -> !l.contains("-->")).forEach(texts::add);
      }
    }
    for (String f : List.of("catalog.yaml", "sample-crawl.yaml")) {
      try (var in = io.chfen.sample.site.SampleSite.class.getResourceAsStream(f)) {
        new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
            .lines()
            .forEach(texts::add);
      }
    }
    assertTrue(texts.size() > 100, texts.size() + " lines");
    assertSame(texts);
  }

  @Test
  void hardCases() {
    assertSame(
        List.of(
            "",
            " ",
            "[CLS] the special tokens [SEP] in text [MASK][PAD][UNK]",
            "x[SEP]y",
            "Hello, World!! hello world",
            "今天天气很好，我们去公园吧！「好的」……",
            "#话题# @用户 https://example.com/v/123?x=1&y=2",
            "日本語のテキスト カタカナ ひらがな",
            "한국어 텍스트입니다",
            "ภาษาไทย العربية русский язык ελληνικά",
            "café naïve Ünïcode e\u0301 n\u0303",
            "ｆｕｌｌｗｉｄｔｈ　ＡＢＣ１２３",
            "emoji🎉done 😀😀 👍🏽 👨‍👩‍👧 🇨🇳 🫠 ❤️",
            "tab\there\nnew\r\nline\u000bvt\u000cff\u0085nel\u00a0nbsp\u2003em\u3000ideo",
            "zero\u200bwidth\u200djoiner\u2060word\ufeffbom\u00adshy",
            "a".repeat(99) + " " + "b".repeat(100) + " " + "c".repeat(101),
            "数字 1,234.56 3.14159 ¥100 $5 €7 50%",
            "((nested)) [brackets] {braces} <angles> \"quotes\" 'single' `back`",
            "\u0000nul\ufffdreplacement\ue000private\ud800",
            "很长".repeat(400),
            "word ".repeat(600)));
  }

  /** Random text from the scripts, marks, spaces and symbols short videos are titled in. */
  @Test
  void randomText() {
    int[][] ranges = {
      {0x20, 0x7E}, {0x4E00, 0x9FFF}, {0x3000, 0x303F}, {0xFF00, 0xFFEF}, {0x3040, 0x30FF},
      {0xAC00, 0xD7A3}, {0x0300, 0x036F}, {0x2000, 0x206F}, {0x1F300, 0x1FAFF}, {0x00A0, 0x024F},
      {0x0400, 0x04FF}, {0x0600, 0x06FF}, {0x0E00, 0x0E7F}, {0x0000, 0x001F}, {0x2E00, 0x2E7F}
    };
    SplittableRandom rng = new SplittableRandom(7);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = rng.nextInt(1, 60);
      for (int k = 0; k < n; k++) {
        int[] r = ranges[rng.nextInt(ranges.length)];
        sb.appendCodePoint(rng.nextInt(r[0], r[1] + 1));
      }
      texts.add(sb.toString());
    }
    assertSame(texts);
  }

  @Test
  void longTextIsTruncatedAndOtherTokenizersAreRefused(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    WordPieceTokenizer.Encoding e = tokenizer.encode("字".repeat(1000), MAX);
    assertEquals(MAX, e.ids().length);
    assertEquals(101, e.ids()[0]);
    assertEquals(102, e.ids()[MAX - 1]);
    assertArrayEquals(new long[] {101, 102}, tokenizer.encode("", 2).ids());
    Path bpe = tmp.resolve("bpe.json");
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("model")).put("type", "BPE");
    Files.writeString(bpe, json.toString());
    Exception x = assertThrows(IllegalArgumentException.class, () -> WordPieceTokenizer.load(bpe));
    assertTrue(x.getMessage().contains("BPE"), x.getMessage());
  }
}
