package io.chfen.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.artifacts.SubtitleCue;
import io.chfen.formats.Srt;
import io.chfen.media.DecodeLimits;
import io.chfen.media.SinglePassDecoder;
import io.chfen.models.ModelFiles;
import io.chfen.records.ModalityResult;
import io.chfen.sample.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subtitle extraction on the corpus videos against their truth. */
class SubtitleExtractorTest {
  static Path corpus;
  @TempDir Path out;

  @BeforeAll
  static void corpus() {
    corpus = SampleData.corpus();
  }

  private ModalityResult extract(String id) throws Exception {
    return extract(corpus.resolve(id + ".mp4"), out);
  }

  private static ModalityResult extract(Path video, Path into) throws Exception {
    PaddleOcr pp = PaddleOcr.shared(ModelFiles.dir());
    try (SubtitleExtractor x =
        new SubtitleExtractor(new SubtitleExtractor.Settings(), pp, pp, false)) {
      return new SinglePassDecoder(DecodeLimits.DEFAULT, 1)
          .decode(video, List.of(x), into)
          .results()
          .get("subtitles");
    }
  }

  /**
   * A container whose video starts later (an edit list, a stream cut from a longer one) shifts the
   * cues by as much and no more: the boundary refinement decodes again at the frames' own times.
   */
  @Test
  void aVideoStartingLaterGetsTheSameCuesAsLater() throws Exception {
    Path src = SampleData.fieldCorpus().resolve("f02.mp4");
    Path shifted = out.resolve("f02-at-3s.mp4");
    Process p =
        new ProcessBuilder(
                "ffmpeg",
                "-v",
                "error",
                "-y",
                "-i",
                src.toString(),
                "-c",
                "copy",
                "-output_ts_offset",
                "3",
                shifted.toString())
            .inheritIO()
            .start();
    assertEquals(0, p.waitFor());
    extract(src, Files.createDirectories(out.resolve("a")));
    extract(shifted, Files.createDirectories(out.resolve("b")));
    List<SubtitleCue> a = Srt.parse(Files.readString(out.resolve("a/subtitles.srt")));
    List<SubtitleCue> b = Srt.parse(Files.readString(out.resolve("b/subtitles.srt")));
    assertEquals(a.size(), b.size());
    assertTrue(a.size() >= 4, "cues " + a.size());
    int refined = 0;
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).text(), b.get(i).text());
      assertEquals(a.get(i).startMs() + 3000, b.get(i).startMs(), 1, "start of cue " + i);
      assertEquals(a.get(i).endMs() + 3000, b.get(i).endMs(), 1, "end of cue " + i);
      // off the 5 fps sample grid: moved by the refinement
      refined += a.get(i).startMs() % 200 != 0 ? 1 : 0;
    }
    assertTrue(refined > 0, "no cue start was refined");
  }

  @Test
  void theSrtIsValidOrderedAndNonOverlapping() throws Exception {
    extract("c07");
    List<SubtitleCue> cues = Srt.parse(Files.readString(out.resolve("subtitles.srt")));
    assertEquals(8, cues.size());
    for (int i = 0; i < cues.size(); i++) {
      assertTrue(cues.get(i).startMs() < cues.get(i).endMs());
      if (i > 0) {
        assertTrue(cues.get(i - 1).endMs() <= cues.get(i).startMs());
      }
    }
    assertTrue(Files.readString(out.resolve("subtitles.srt")).startsWith("1\n00:00:"));
  }

  @Test
  void aVideoWithoutSubtitlesGetsAnEmptySrtAndStatusAbsent() throws Exception {
    ModalityResult r = extract("c08");
    assertEquals("absent", r.getStatus());
    assertEquals("no_subtitles", r.getReason());
    assertEquals("", Files.readString(out.resolve("subtitles.srt")));
  }

  @Test
  void watermarksTickersAndTitleCardsAreOnScreenTextNotSubtitles() throws Exception {
    extract("c05");
    JsonNode c05 = new ObjectMapper().readTree(out.resolve("onscreen_text.json").toFile());
    List<String> watermarks = new ArrayList<>();
    c05.get("lines")
        .forEach(
            l -> {
              if (l.get("kind").asText().equals("watermark")) {
                watermarks.add(l.get("text").asText());
              }
            });
    assertEquals(List.of("@短视频Demo"), watermarks);
    assertTrue(!Files.readString(out.resolve("subtitles.srt")).contains("Demo"));

    extract("c03");
    JsonNode c03 = new ObjectMapper().readTree(out.resolve("onscreen_text.json").toFile());
    boolean ticker = false;
    for (JsonNode l : c03.get("lines")) {
      ticker |= l.get("kind").asText().equals("ticker") && l.get("text").asText().contains("新闻快讯");
    }
    assertTrue(ticker, "the scrolling news line is a ticker");
    assertTrue(!Files.readString(out.resolve("subtitles.srt")).contains("新闻快讯"));
  }

  private static SubtitleExtractor.TextSpan row(String text, long start, long end, int y) {
    return new SubtitleExtractor.TextSpan(text, "subtitle", start, end, 100, y, 200, 30, 1);
  }

  /**
   * Successive cues keep their own starts (the one still running when the next starts ends there);
   * rows shown together are one cue with its lines top to bottom — a two-line subtitle, a stacked
   * bilingual one — whichever row was read first, and whatever row's boundaries sampling moved a
   * little.
   */
  @Test
  void srtWritingMakesOneCuePerSubtitleWithItsLinesAndOwnTimes() {
    assertEquals(
        "1\n00:00:00,000 --> 00:00:00,900\na\n\n2\n00:00:00,900 --> 00:00:02,000\nb\n\n",
        Srt.format(SubtitleExtractor.cues(List.of(row("a", 0, 1000, 0), row("b", 900, 2000, 0)))));
    List<SubtitleCue> cues =
        SubtitleExtractor.cues(
            List.of(
                row("and then the second line", 1_040, 3_000, 660),
                row("The first line,", 1_000, 2_960, 620),
                row("我们明天见", 3_400, 5_000, 600),
                row("See you tomorrow", 3_400, 5_040, 640),
                row("short", 5_500, 5_900, 620)));
    assertEquals(
        List.of(
            new SubtitleCue(1_000, 3_000, "The first line,\nand then the second line"),
            new SubtitleCue(3_400, 5_040, "我们明天见\nSee you tomorrow"),
            new SubtitleCue(5_500, 5_900, "short")),
        cues);
  }

  @Test
  void aManualBandKeepsOnlyItsRowsAsSubtitles() throws Exception {
    PaddleOcr pp = PaddleOcr.shared(ModelFiles.dir());
    SubtitleExtractor.Settings top = new SubtitleExtractor.Settings();
    top.bandTop = 0.0;
    top.bandBottom = 0.3; // c02's title card is up there; its subtitles are at 0.84
    try (SubtitleExtractor x = new SubtitleExtractor(top, pp, pp, false)) {
      new SinglePassDecoder(DecodeLimits.DEFAULT, 1)
          .decode(corpus.resolve("c02.mp4"), List.of(x), out);
    }
    List<SubtitleCue> cues = Srt.parse(Files.readString(out.resolve("subtitles.srt")));
    assertEquals(List.of("GOAL OF THE WEEK"), cues.stream().map(SubtitleCue::text).toList());
  }

  /** Readings of real tickers (field corpus f03, f05) slide; successive subtitles do not. */
  @Test
  void scrollingTextIsTickerAndSuccessiveSubtitlesAreNot() {
    assertTrue(SubtitleExtractor.slidLeft("BREAKING:council a", "REAKlNG:council approve"));
    assertTrue(SubtitleExtractor.slidLeft("REAKlNG:council approve", "ncil approves new transit"));
    assertTrue(SubtitleExtractor.slidLeft("全市空气质量优良·地铁三号线今", "质量优良·地铁三号线今日试运"));
    assertFalse(SubtitleExtractor.slidLeft("这条河的水变清了", "记者在现场看到"));
    assertFalse(SubtitleExtractor.slidLeft("Our reporter was there", "Our reporter was there!"));
    assertFalse(SubtitleExtractor.slidLeft("我们一起来看一下", "我们一起来看一下吧"));
  }

  /** A long span (a row read across several cues) does not pull unrelated cues into one. */
  @Test
  void cuesGroupSpansShownTogetherNotThroughALongNeighbour() {
    List<SubtitleCue> cues =
        SubtitleExtractor.cues(
            List.of(
                span("一", 0, 700, 810),
                span("long", 40, 5000, 910),
                span("二", 1200, 2000, 810),
                span("三", 2600, 4200, 810)));
    assertEquals(4, cues.size(), cues.toString());
  }

  private static SubtitleExtractor.TextSpan span(String text, long start, long end, int y) {
    return new SubtitleExtractor.TextSpan(text, "subtitle", start, end, 100, y, 200, 30, 0.99);
  }
}
