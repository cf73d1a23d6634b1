package io.chfen.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A BERT WordPiece tokenizer read from a Hugging Face {@code tokenizer.json}, in plain Java: the
 * added (special) tokens matched in the raw text, the BERT normalizer (control characters dropped,
 * whitespace to spaces, CJK ideographs set apart, optional lower-casing and accent stripping), the
 * BERT pre-tokenizer (split on whitespace, each punctuation mark its own word), greedy
 * longest-match WordPiece, then {@code [CLS] ... [SEP]} with right truncation. It gives the ids the
 * Hugging Face library gives for the same file; its test compares the two on every code point and
 * on real text.
 *
 * <p>A {@code tokenizer.json} of another kind (BPE, another normalizer or post-processor) is
 * refused at load, naming what is unsupported. Immutable and thread-safe.
 */
public final class WordPieceTokenizer {
  /** One text's tokens: ids, attention mask (all 1) and segment ids (all 0), as the model takes. */
  public record Encoding(long[] ids, long[] attentionMask, long[] typeIds) {}

  private final Map<String, Integer> vocab;
  private final String unk;
  private final String prefix;
  private final int maxCharsPerWord;
  private final boolean cleanText;
  private final boolean chineseChars;
  private final boolean stripAccents;
  private final boolean lowercase;
  private final int cls;
  private final int sep;
  // the added tokens matched in the raw text, longest first (leftmost-longest matching)
  private final List<Map.Entry<String, Integer>> added;

  private WordPieceTokenizer(JsonNode json, Path file) {
    JsonNode model = json.path("model");
    require(model.path("type").asText().equals("WordPiece"), file, "model " + model.path("type"));
    JsonNode norm = json.path("normalizer");
    require(norm.path("type").asText().equals("BertNormalizer"), file, "normalizer " + norm);
    JsonNode pre = json.path("pre_tokenizer");
    require(pre.path("type").asText().equals("BertPreTokenizer"), file, "pre-tokenizer " + pre);
    JsonNode post = json.path("post_processor");
    this.vocab = new HashMap<>();
    model.path("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
    this.unk = model.path("unk_token").asText("[UNK]");
    this.prefix = model.path("continuing_subword_prefix").asText("##");
    this.maxCharsPerWord = model.path("max_input_chars_per_word").asInt(100);
    this.cleanText = norm.path("clean_text").asBoolean(true);
    this.chineseChars = norm.path("handle_chinese_chars").asBoolean(true);
    this.lowercase = norm.path("lowercase").asBoolean(true);
    // unset: strip accents when lower-casing, as BERT's uncased models do
    this.stripAccents =
        norm.path("strip_accents").isNull() || norm.path("strip_accents").isMissingNode()
            ? lowercase
            : norm.path("strip_accents").asBoolean();
    require(
        post.path("type").asText().equals("TemplateProcessing")
            || post.path("type").asText().equals("BertProcessing"),
        file,
        "post-processor " + post.path("type"));
    this.cls = id(post.at("/special_tokens/[CLS]/ids/0"), "[CLS]");
    this.sep = id(post.at("/special_tokens/[SEP]/ids/0"), "[SEP]");
    this.added = new ArrayList<>();
    for (JsonNode t : json.path("added_tokens")) {
      require(!t.path("normalized").asBoolean(false), file, "a normalized added token " + t);
      require(
          !t.path("single_word").asBoolean()
              && !t.path("lstrip").asBoolean()
              && !t.path("rstrip").asBoolean(),
          file,
          "an added token with word or strip options " + t);
      added.add(Map.entry(t.path("content").asText(), t.path("id").asInt()));
    }
    added.sort(Comparator.comparingInt((Map.Entry<String, Integer> e) -> -e.getKey().length()));
  }

  private int id(JsonNode fromPost, String token) {
    if (fromPost.isInt()) {
      return fromPost.asInt();
    }
    Integer v = vocab.get(token);
    if (v == null) {
      throw new IllegalArgumentException("the vocabulary has no " + token);
    }
    return v;
  }

  private static void require(boolean ok, Path file, String what) {
    if (!ok) {
      throw new IllegalArgumentException(
          file + ": a BERT WordPiece tokenizer is supported, not " + what);
    }
  }

  /** Reads a Hugging Face {@code tokenizer.json}. */
  public static WordPieceTokenizer load(Path file) throws IOException {
    return new WordPieceTokenizer(new ObjectMapper().readTree(file.toFile()), file);
  }

  /** The ids of {@code text} between [CLS] and [SEP], at most {@code maxLength} in all. */
  public Encoding encode(String text, int maxLength) {
    List<Integer> ids = new ArrayList<>();
    int from = 0;
    int i = 0;
    while (i < text.length()) {
      Map.Entry<String, Integer> hit = addedAt(text, i);
      if (hit == null) {
        i++;
        continue;
      }
      wordPieces(text.substring(from, i), ids);
      ids.add(hit.getValue());
      i += hit.getKey().length();
      from = i;
    }
    wordPieces(text.substring(from), ids);
    int n = Math.min(ids.size(), Math.max(0, maxLength - 2));
    long[] out = new long[n + 2];
    out[0] = cls;
    for (int k = 0; k < n; k++) {
      out[k + 1] = ids.get(k);
    }
    out[n + 1] = sep;
    long[] mask = new long[out.length];
    java.util.Arrays.fill(mask, 1);
    return new Encoding(out, mask, new long[out.length]);
  }

  private Map.Entry<String, Integer> addedAt(String text, int i) {
    for (Map.Entry<String, Integer> a : added) {
      if (text.startsWith(a.getKey(), i)) {
        return a;
      }
    }
    return null;
  }

  /** Normalizes a stretch of text without added tokens, splits it into words, words into pieces. */
  private void wordPieces(String text, List<Integer> ids) {
    if (text.isEmpty()) {
      return;
    }
    for (String word : words(normalize(text))) {
      piece(word, ids);
    }
  }

  String normalize(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    text.codePoints()
        .forEach(
            c -> {
              if (cleanText) {
                if (c == 0 || c == 0xFFFD || isControl(c)) {
                  return;
                }
                if (isWhitespace(c)) {
                  c = ' ';
                }
              }
              if (chineseChars && isChinese(c)) {
                sb.append(' ').appendCodePoint(c).append(' ');
              } else {
                sb.appendCodePoint(c);
              }
            });
    String s = sb.toString();
    if (stripAccents) {
      StringBuilder t = new StringBuilder(s.length());
      Normalizer.normalize(s, Normalizer.Form.NFD)
          .codePoints()
          .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
          .forEach(t::appendCodePoint);
      s = t.toString();
    }
    return lowercase ? s.toLowerCase(Locale.ROOT) : s;
  }

  /** Words split on whitespace (dropped) and punctuation (each mark a word of its own). */
  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (isWhitespace(c)) {
                flush(w, out);
              } else if (isPunctuation(c)) {
                flush(w, out);
                out.add(new String(Character.toChars(c)));
              } else {
                w.appendCodePoint(c);
              }
            });
    flush(w, out);
    return out;
  }

  private static void flush(StringBuilder w, List<String> out) {
    if (w.length() > 0) {
      out.add(w.toString());
      w.setLength(0);
    }
  }

  /** Greedy longest-match-first; a word with a piece not in the vocabulary is one unknown token. */
  private void piece(String word, List<Integer> ids) {
    int[] cps = word.codePoints().toArray();
    if (cps.length > maxCharsPerWord) {
      ids.add(vocab.get(unk));
      return;
    }
    List<Integer> pieces = new ArrayList<>();
    int start = 0;
    while (start < cps.length) {
      Integer found = null;
      int end = cps.length;
      for (; end > start; end--) {
        String sub = new String(cps, start, end - start);
        found = vocab.get(start > 0 ? prefix + sub : sub);
        if (found != null) {
          break;
        }
      }
      if (found == null) {
        ids.add(vocab.get(unk));
        return;
      }
      pieces.add(found);
      start = end;
    }
    ids.addAll(pieces);
  }

  /*
   * The Hugging Face library classifies characters with Unicode 8.0's categories, this JDK with
   * newer ones (Unicode 13 in Java 17). The code points where that changes the tokens, found by
   * comparing the two on every code point (WordPieceTokenizerTest does so on every build):
   * punctuation, or format characters, only in the newer Unicode; and two marks that were
   * punctuation in 8.0. Sorted, for binary search.
   */
  private static final int[] PUNCTUATION_SINCE_8 = {
    0x09FD, 0x0A76, 0x0C77, 0x0C84, 0x2E43, 0x2E44, 0x2E45, 0x2E46, 0x2E47, 0x2E48, 0x2E49, 0x2E4A,
    0x2E4B, 0x2E4C, 0x2E4D, 0x2E4E, 0x2E4F, 0x2E52, 0x10EAD, 0x10F55, 0x10F56, 0x10F57, 0x10F58,
    0x10F59, 0x1144B, 0x1144C, 0x1144D, 0x1144E, 0x1144F, 0x1145A, 0x1145B, 0x1145D, 0x11660,
    0x11661, 0x11662, 0x11663, 0x11664, 0x11665, 0x11666, 0x11667, 0x11668, 0x11669, 0x1166A,
    0x1166B, 0x1166C, 0x1183B, 0x11944, 0x11945, 0x11946, 0x119E2, 0x11A3F, 0x11A40, 0x11A41,
    0x11A42, 0x11A43, 0x11A44, 0x11A45, 0x11A46, 0x11A9A, 0x11A9B, 0x11A9C, 0x11A9E, 0x11A9F,
    0x11AA0, 0x11AA1, 0x11AA2, 0x11C41, 0x11C42, 0x11C43, 0x11C44, 0x11C45, 0x11C70, 0x11C71,
    0x11EF7, 0x11EF8, 0x11FFF, 0x16E97, 0x16E98, 0x16E99, 0x16E9A, 0x16FE2, 0x1E95E, 0x1E95F
  };

  private static final int[] PUNCTUATION_IN_8_ONLY = {0x166D, 0x111C9};

  private static final int[] FORMAT_SINCE_8 = {
    0x08E2, 0x110CD, 0x13430, 0x13431, 0x13432, 0x13433, 0x13434, 0x13435, 0x13436, 0x13437, 0x13438
  };

  private static boolean in(int[] sorted, int c) {
    return java.util.Arrays.binarySearch(sorted, c) >= 0;
  }

  /** Unicode White_Space, with tab, newline and return. */
  static boolean isWhitespace(int c) {
    return switch (c) {
      case '\t',
          '\n',
          0x0B,
          0x0C,
          '\r',
          ' ',
          0x85,
          0xA0,
          0x1680,
          0x2028,
          0x2029,
          0x202F,
          0x205F,
          0x3000 ->
          true;
      default -> c >= 0x2000 && c <= 0x200A;
    };
  }

  /**
   * Control, format, surrogate and private-use characters, tab, newline and return excepted (an
   * unassigned code point is kept, as the Hugging Face library keeps it).
   */
  static boolean isControl(int c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return false;
    }
    if (in(FORMAT_SINCE_8, c)) {
      return false;
    }
    int t = Character.getType(c);
    return t == Character.CONTROL
        || t == Character.FORMAT
        || t == Character.SURROGATE
        || t == Character.PRIVATE_USE;
  }

  /** ASCII punctuation and symbols, and Unicode's punctuation categories (P*). */
  static boolean isPunctuation(int c) {
    if ((c >= 33 && c <= 47)
        || (c >= 58 && c <= 64)
        || (c >= 91 && c <= 96)
        || (c >= 123 && c <= 126)
        || in(PUNCTUATION_IN_8_ONLY, c)) {
      return true;
    }
    if (in(PUNCTUATION_SINCE_8, c)) {
      return false;
    }
    int t = Character.getType(c);
    return t == Character.CONNECTOR_PUNCTUATION
        || t == Character.DASH_PUNCTUATION
        || t == Character.START_PUNCTUATION
        || t == Character.END_PUNCTUATION
        || t == Character.INITIAL_QUOTE_PUNCTUATION
        || t == Character.FINAL_QUOTE_PUNCTUATION
        || t == Character.OTHER_PUNCTUATION;
  }

  /** The CJK Unified Ideographs blocks and their extensions and compatibility forms. */
  static boolean isChinese(int c) {
    return (c >= 0x4E00 && c <= 0x9FFF)
        || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0x2A700 && c <= 0x2B73F)
        || (c >= 0x2B740 && c <= 0x2B81F)
        || (c >= 0x2B920 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF)
        || (c >= 0x2F800 && c <= 0x2FA1F);
  }
}
