package io.chfen.ocr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chfen.artifacts.SubtitleCue;
import io.chfen.formats.Srt;
import io.chfen.layout.ArtifactFiles;
import io.chfen.media.Analyzer;
import io.chfen.media.FrameSample;
import io.chfen.media.MediaException;
import io.chfen.media.MediaInfo;
import io.chfen.media.StretchDecoder;
import io.chfen.records.ModalityResult;
import io.chfen.schemas.Analysis;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Hard subtitles to SRT, and every other on-screen text line to {@code onscreen_text.json}.
 *
 * <p>Text rows are discovered by reading the whole frame (every second until a subtitle band shows
 * itself, then every few seconds, and only when the frame outside the watched rows gained strong
 * edges); each row is then watched on every sample (5 fps) with a cheap change detector (mean
 * strong-edge magnitude on a coarse grid, compared by weighted Jaccard index over the columns of
 * the row's subtitle, with text seen moving masked out), and read again only when it changes or at
 * a periodic re-check. Text that drifts between readings is on a moving object: other text, never a
 * cue. Consecutive near-identical readings (normalized edit distance) form one cue that keeps its
 * most confident text; the cue showing at the end of the video is kept. Each cue boundary, known to
 * lie between two samples, is then refined on the frames between them (decoded again) by the same
 * change detector. Rows are classified afterwards: centred rows whose text changes are subtitles;
 * text that stays for most of the video is a watermark; text that changes on almost every sample is
 * a ticker; the rest (title cards, captions) is other text.
 *
 * <p>Not thread-safe (per-video state); the OCR engines it is given decide what may be shared.
 */
public final class SubtitleExtractor implements Analyzer {

  /** Settings; defaults are what the quality figures were measured with. */
  public static final class Settings implements Serializable {
    private static final long serialVersionUID = 1L;
    public double sampleFps = 5;

    /**
     * Whole-frame reads that find new text rows; a new row's start is refined back to the last one.
     */
    public double discoverySeconds = 4;

    /**
     * The discovery interval until some row has shown text (so a short first cue is not missed).
     */
    public double warmUpDiscoverySeconds = 1;

    /**
     * A due discovery is skipped while fewer grid cells than this gained strong edges outside the
     * watched rows since the last one (nothing new can have appeared).
     */
    public int discoveryNewCells = 12;

    /** Discovery runs at least this often, changed or not. */
    public double maxDiscoveryGapSeconds = 10;

    /** A watched row is read again after this long even if it looks unchanged (slow fades). */
    public double recheckSeconds = 4;

    /** The re-check interval of a watched row that shows no text now. */
    public double emptyRecheckSeconds = 1.5;

    /** Below this weighted Jaccard index between edge grids a row counts as changed. */
    public double changeJaccard = 0.5;

    /** Readings closer than this (normalized edit distance) are the same line. */
    public double sameText = 0.25;

    public double minConfidence = 0.5;
    public long minCueMs = 300;
    public boolean refineBoundaries = true;

    /** Manual subtitle band as fractions of the height (both set), else detected. */
    public Double bandTop;

    public Double bandBottom;
  }

  /** One line of on-screen text over a time span, as written to onscreen_text.json. */
  public record TextSpan(
      String text,
      String kind,
      long startMs,
      long endMs,
      int x,
      int y,
      int width,
      int height,
      double confidence) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int CELL = EdgeGrid.CELL;

  /** A cell's mean edge magnitude rising by this much means new strokes there. */
  private static final float RISE = 40;

  /**
   * Room read on each side of a row for another line, in row heights (a row is about two lines
   * high).
   */
  private static final double STACKED_LINE = 0.65;

  /** Edge magnitude an empty row must gain to count as text appearing: about four glyph cells. */
  private static final double MIN_STROKE_GAIN = 400;

  private final Settings s;
  private final OcrEngine discovery;
  private final OcrEngine reader;
  private final boolean ownsReader;

  private MediaInfo info;
  private Path outDir;
  private final List<Row> rows = new ArrayList<>();

  /** Readings of text off the centre line, merged into spans at the end. */
  private final List<TextSpan> offCentre = new ArrayList<>();

  /** Texts seen moving in this video: on an object, never a subtitle, wherever they show up. */
  private final List<String> movingTexts = new ArrayList<>();

  /** Rows no longer watched, kept for their cues. */
  private final List<Row> retired = new ArrayList<>();

  private long lastDiscoveryUs;
  private EdgeGrid lastDiscoverySig;

  /** The last time the frame was known to show no text outside the rows (read or unchanged). */
  private long lastClearUs;

  private long prevDiscoveryUs;
  private long prevSampleUs;
  private int ocrCalls;
  private int samples;

  /**
   * @param discovery reads whole frames to find text rows (PP-OCR: it has a detector)
   * @param reader reads a row when it changes (PP-OCR or Tesseract); may be {@code discovery}
   * @param ownsReader close the reader with this analyzer (a per-thread Tesseract handle)
   */
  public SubtitleExtractor(
      Settings settings, OcrEngine discovery, OcrEngine reader, boolean ownsReader) {
    this.s = settings;
    this.discovery = discovery;
    this.reader = reader;
    this.ownsReader = ownsReader;
  }

  @Override
  public void close() {
    if (ownsReader) {
      reader.close();
    }
  }

  @Override
  public String modality() {
    return Analysis.SUBTITLES;
  }

  @Override
  public double frameRate() {
    return s.sampleFps;
  }

  @Override
  public void begin(MediaInfo info, Path outDir) {
    this.info = info;
    this.outDir = outDir;
    rows.clear();
    retired.clear();
    offCentre.clear();
    movingTexts.clear();
    lastDiscoveryUs = Long.MIN_VALUE;
    lastDiscoverySig = null;
    prevSampleUs = 0;
    ocrCalls = 0;
    samples = 0;
  }

  /** A horizontal strip of the frame where text was found, and what it showed over time. */
  private final class Row {
    int y0;
    int y1;
    EdgeGrid sig;
    long lastReadUs;
    int emptyReads;

    /** Set while text that appeared went unread once: the sample before it appeared. */
    long retryFromUs = -1;

    List<OcrLine> lastLines = List.of();

    /** Moving text at the last reading: x0, x1 and speed (px/s); masked out of the watch. */
    int[] moving;

    /** Watched every sample only while it shows centred, still text; else read at discovery. */
    boolean watched = true;

    /** Its text was seen scrolling (a ticker): read at discovery only, for good. */
    boolean scrolling;

    final List<Cue> cues = new ArrayList<>();
    Cue open;

    Row(int y0, int y1) {
      this.y0 = y0;
      this.y1 = y1;
    }
  }

  /** A text shown in a row from start to end; the boundaries lie in (startFrom, start] etc. */
  private static final class Cue {
    long startUs;
    long startFromUs;
    EdgeGrid sigBefore;
    EdgeGrid sigAfter;

    /** The strip the start signatures were taken of (the row may grow later). */
    int startY0;

    int startY1;
    long endUs;
    long lastSeenUs;
    EdgeGrid sigEndBefore;
    EdgeGrid sigEndAfter;

    /** The strip the end signatures were taken of. */
    int endY0;

    int endY1;
    String text;
    double confidence;
    int readings;

    /** The lines of the reading that opened it: text that drifts away from them is moving. */
    List<OcrLine> anchor = List.of();

    int x = Integer.MAX_VALUE;
    int y = Integer.MAX_VALUE;
    int x1;
    int y1;

    void box(List<OcrLine> lines, int dy) {
      for (OcrLine l : lines) {
        x = Math.min(x, l.x());
        y = Math.min(y, l.y() + dy);
        x1 = Math.max(x1, l.x() + l.width());
        y1 = Math.max(y1, l.y() + dy + l.height());
      }
    }
  }

  @Override
  public void frame(FrameSample f) {
    samples++;
    long t = f.timestampUs();
    Mat frame = f.bgr();
    // until a subtitle band shows itself (lasting centred text in the lower half), look often
    boolean bandFound = rows.stream().anyMatch(r -> isBandLike(r, frame.rows()));
    double every =
        bandFound ? s.discoverySeconds : Math.min(s.discoverySeconds, s.warmUpDiscoverySeconds);
    boolean discover =
        lastDiscoveryUs == Long.MIN_VALUE || t - lastDiscoveryUs >= every * 1e6 - 1000;
    EdgeGrid whole = null;
    if (discover
        && lastDiscoverySig != null
        && t - lastDiscoveryUs < s.maxDiscoveryGapSeconds * 1e6 - 1000) {
      // a frame that has gained no strong edges outside the watched rows shows no new text
      whole = EdgeGrid.of(frame, 0, frame.rows());
      if (newCellsOutsideRows(whole, lastDiscoverySig) < s.discoveryNewCells) {
        discover = false;
        lastClearUs = t;
      }
    }
    List<Row> readByDiscovery = new ArrayList<>();
    if (discover) {
      prevDiscoveryUs = lastDiscoveryUs == Long.MIN_VALUE ? t : lastClearUs;
      lastDiscoveryUs = t;
      lastClearUs = t;
      lastDiscoverySig = whole != null ? whole : EdgeGrid.of(frame, 0, frame.rows());
      List<OcrLine> lines = confident(call(() -> discovery.read(frame)));
      for (OcrLine l : lines) {
        rowFor(l, frame.rows());
      }
      mergeOverlappingRows();
      if (reader == discovery) {
        for (Row r : rows) {
          List<OcrLine> inside = new ArrayList<>();
          for (OcrLine l : lines) {
            if (l.centerY() >= r.y0 && l.centerY() < r.y1) {
              inside.add(
                  new OcrLine(
                      l.x(), l.y() - r.y0, l.width(), l.height(), l.text(), l.confidence()));
            }
          }
          observe(r, t, frame, inside);
          readByDiscovery.add(r);
        }
      }
    }
    for (Row r : rows) {
      if (readByDiscovery.contains(r) || !r.watched) {
        continue;
      }
      EdgeGrid sig = EdgeGrid.of(frame, r.y0, r.y1);
      EdgeGrid now = masked(sig, r, t);
      EdgeGrid then = masked(r.sig, r, t);
      boolean changed = r.sig == null || now.similarity(then) < s.changeJaccard;
      if (r.open == null && r.sig != null) {
        // an empty row changes with its background; only text appearing (new strong edges) counts
        changed &= now.gainedStrokes(then, MIN_STROKE_GAIN);
      }
      if (changed && textLeft(r, now, then)) {
        // the cue's strokes went and none came: it ended, and there is nothing to read
        endOpenCue(r, t, sig);
        r.sig = sig;
        r.lastReadUs = t;
        r.lastLines = List.of();
        continue;
      }
      // a row between cues is re-checked sooner: the next cue usually follows within a second
      double recheck = r.open == null ? s.emptyRecheckSeconds : s.recheckSeconds;
      if (changed || t - r.lastReadUs >= recheck * 1e6 - 1000) {
        EdgeGrid before = r.sig;
        boolean appeared = changed && r.open == null && before != null;
        observe(r, t, frame, readRow(r, t, frame));
        // the detector can miss a line touching other text; what appeared is read once more
        if (appeared && r.lastLines.isEmpty() && r.retryFromUs < 0) {
          r.retryFromUs = prevSampleUs;
          r.sig = before;
        } else {
          r.retryFromUs = -1;
        }
      } else if (r.open != null) {
        r.open.lastSeenUs = t;
      }
    }
    // a row that showed nothing twice is no longer watched; discovery finds it again if needed
    rows.removeIf(
        r -> {
          if (r.emptyReads >= 2 && r.open == null && r.cues.isEmpty()) {
            retired.add(r);
            return true;
          }
          return false;
        });
    prevSampleUs = t;
  }

  /**
   * Reads a watched row together with the room for one more line above and below it: a centred line
   * that shows up there with the row's own text is another line of the same subtitle (a row found
   * on a one-line cue, or on the one line of a two-line cue the detector caught), and the row grows
   * to hold it. The room stops at neighbouring rows. The lines come back relative to the row's
   * (new) top.
   */
  private List<OcrLine> readRow(Row r, long t, Mat frame) {
    int room = (int) Math.round(STACKED_LINE * (r.y1 - r.y0));
    int top = Math.max(0, r.y0 - room);
    int bottom = Math.min(frame.rows(), r.y1 + room);
    for (Row o : rows) {
      if (o != r && o.y1 <= r.y0) {
        top = Math.max(top, o.y1);
      } else if (o != r && o.y0 >= r.y1) {
        bottom = Math.min(bottom, o.y0);
      }
    }
    int cropTop = top;
    List<OcrLine> lines;
    try (Mat crop = new Mat(frame, new Rect(0, top, frame.cols(), bottom - top))) {
      lines = confident(call(() -> reader.read(crop)));
    }
    OcrLine own = null;
    for (OcrLine l : lines) {
      double cy = l.centerY() + cropTop;
      if (cy >= r.y0 && cy < r.y1 && (own == null || l.width() > own.width())) {
        own = l;
      }
    }
    int y0 = r.y0;
    int y1 = r.y1;
    for (OcrLine l : lines) {
      double cy = l.centerY() + cropTop;
      if (own != null && (cy < r.y0 || cy >= r.y1) && sameSubtitle(l, own, frame.cols())) {
        int pad = (int) Math.round(l.height() * 0.5);
        y0 = Math.min(y0, Math.max(cropTop, l.y() + cropTop - pad));
        y1 = Math.max(y1, Math.min(bottom, l.y() + l.height() + cropTop + pad));
      }
    }
    if (own != null && (y0 != r.y0 || y1 != r.y1)) {
      grow(r, t, frame, y0, y1);
    }
    List<OcrLine> out = new ArrayList<>();
    for (OcrLine l : lines) {
      double cy = l.centerY() + cropTop;
      if (cy >= r.y0 && cy < r.y1) {
        out.add(
            new OcrLine(
                l.x(), l.y() + cropTop - r.y0, l.width(), l.height(), l.text(), l.confidence()));
      }
    }
    return out;
  }

  /**
   * Grows a row to [y0, y1): the cue it shows ends now (its end is refined on the old strip), and
   * the next one starts from the previous sample, with no signature of the grown strip before.
   */
  private void grow(Row r, long t, Mat frame, int y0, int y1) {
    if (r.open != null) {
      endOpenCue(r, t, EdgeGrid.of(frame, r.y0, r.y1));
    }
    r.y0 = y0;
    r.y1 = y1;
    r.sig = null;
    r.retryFromUs = prevSampleUs;
  }

  /**
   * Whether the open cue's text left the row: within its columns at least half the edge magnitude
   * went and no strokes came (a background that moves gains about what it loses).
   */
  private boolean textLeft(Row r, EdgeGrid now, EdgeGrid then) {
    if (r.open == null || r.sig == null || now.v.length != then.v.length) {
      return false;
    }
    int x0 = r.open.x - CELL;
    int x1 = r.open.x1 + CELL;
    EdgeGrid a = now.within(x0, x1);
    EdgeGrid b = then.within(x0, x1);
    return a.total() <= 0.5 * b.total() && !a.gainedStrokes(b, MIN_STROKE_GAIN);
  }

  /**
   * Whether a line is another line of the subtitle {@code own} belongs to: lines of one subtitle
   * share their centre (within 8 % of the width) and stand clear of the frame's edges, where a
   * ticker runs from edge to edge.
   */
  private static boolean sameSubtitle(OcrLine l, OcrLine own, int cols) {
    double cx = l.x() + l.width() / 2.0;
    double ownCx = own.x() + own.width() / 2.0;
    return Math.abs(cx - ownCx) <= 0.08 * cols
        && !atSide(l.x(), l.x() + l.width(), cols)
        && l.height() <= 2.5 * own.height()
        && own.height() <= 2.5 * l.height();
  }

  /**
   * Whether text spanning x0 to x1 reaches a side of the frame (within 2 % of the width): a crawl
   * runs off the sides; subtitles keep clear of them.
   */
  private static boolean atSide(int x0, int x1, int cols) {
    int margin = Math.max(2, cols / 50);
    return x0 <= margin || x1 >= cols - margin;
  }

  /**
   * Ends the row's open cue at t, between the row's last signature and {@code now} (the strip as it
   * is at t), both of the row's present strip.
   */
  private static void endOpenCue(Row r, long t, EdgeGrid now) {
    Cue open = r.open;
    open.endUs = t;
    open.sigEndBefore = r.sig;
    open.sigEndAfter = now;
    open.endY0 = r.y0;
    open.endY1 = r.y1;
    r.cues.add(open);
    r.open = null;
  }

  /** Text across the frame's centre line (with 15% slack): subtitles, tickers, title cards. */
  private static boolean central(OcrLine l, int cols) {
    double mid = cols / 2.0;
    double slack = cols * 0.15;
    return l.x() - slack <= mid && l.x() + l.width() + slack >= mid;
  }

  private List<OcrLine> call(Supplier<List<OcrLine>> read) {
    ocrCalls++;
    return read.get();
  }

  private List<OcrLine> confident(List<OcrLine> lines) {
    return lines.stream()
        .filter(l -> l.confidence() >= s.minConfidence && !l.text().isBlank())
        .toList();
  }

  /**
   * The row a line belongs to, created when the line is somewhere new; a new row stops where a row
   * with an open cue begins or ends (so one line is never read in two rows).
   */
  private void rowFor(OcrLine l, int height) {
    double cy = l.centerY();
    for (Row r : rows) {
      if (cy >= r.y0 && cy < r.y1) {
        return;
      }
    }
    int pad = (int) Math.round(l.height() * 0.5);
    int y0 = Math.max(0, l.y() - pad);
    int y1 = Math.min(height, l.y() + l.height() + pad);
    for (Row r : rows) {
      if (r.open != null && r.y1 <= cy) {
        y0 = Math.max(y0, r.y1);
      } else if (r.open != null && r.y0 > cy) {
        y1 = Math.min(y1, r.y0);
      }
    }
    rows.add(new Row(y0, y1));
  }

  /** Rows that touch become one (two-line subtitles share one row). */
  private void mergeOverlappingRows() {
    rows.sort(Comparator.comparingInt(r -> r.y0));
    for (int i = 0; i + 1 < rows.size(); ) {
      Row a = rows.get(i);
      Row b = rows.get(i + 1);
      if (b.y0 <= a.y1 && a.open == null && b.open == null) {
        a.y1 = Math.max(a.y1, b.y1);
        a.cues.addAll(b.cues);
        a.sig = null;
        rows.remove(i + 1);
      } else {
        i++;
      }
    }
  }

  /**
   * A reading of a row at time t: extends, ends or starts a cue. Only text across the frame's
   * centre line takes part (subtitles, tickers, title cards are centred); text off to a side
   * (logos, a caption on a moving object) is recorded as other text.
   */
  private void observe(Row r, long t, Mat frame, List<OcrLine> all) {
    EdgeGrid sig = EdgeGrid.of(frame, r.y0, r.y1);
    List<OcrLine> lines = new ArrayList<>();
    int movingX0 = Integer.MAX_VALUE;
    int movingX1 = Integer.MIN_VALUE;
    double movingSpeed = 0;
    boolean sawMoving = false;
    for (OcrLine l : all) {
      boolean central = central(l, frame.cols());
      // slow drift shows against where the open cue's text first stood, not between two samples
      OcrLine from = movedFrom(l, r.lastLines);
      long since = r.lastReadUs;
      if (from == null && r.open != null && (from = movedFrom(l, r.open.anchor)) != null) {
        since = r.open.startUs;
      }
      if (from != null) {
        // the open cue showing this same text was on the moving object all along
        if (r.open != null && TextSimilarity.normalized(l.text(), r.open.text) <= 0.3) {
          demoteOpenCue(r);
        }
        movingX0 = Math.min(movingX0, l.x());
        movingX1 = Math.max(movingX1, l.x() + l.width());
        movingSpeed = Math.max(movingSpeed, Math.abs(dx(l, from)) / (Math.max(1, t - since) / 1e6));
      }
      // a crawl moves sideways only
      String motion =
          from == null
              ? null
              : Math.abs(l.centerY() - from.centerY()) <= 0.3 * l.height() + 8 ? "ticker" : "other";
      if (from != null) {
        movingTexts.add(l.text());
      } else if (movingTexts.stream()
          .anyMatch(m -> TextSimilarity.normalized(l.text(), m) <= 0.3)) {
        // the shirt's caption seen moving earlier, now caught standing still by the subtitle
        motion = "other";
      }
      sawMoving |= motion != null;
      if (central && motion == null) {
        lines.add(l);
      } else {
        offCentre.add(
            new TextSpan(
                l.text(),
                motion == null ? "other" : motion,
                t / 1000,
                t / 1000,
                l.x(),
                l.y() + r.y0,
                l.width(),
                l.height(),
                l.confidence()));
      }
    }
    r.lastLines = all;
    r.moving = sawMoving ? new int[] {movingX0, movingX1, (int) Math.ceil(movingSpeed)} : null;
    // a row that now shows only moving text (a caption on a moving object) is left to discovery,
    // unless it is where subtitles have been: there the moving text is masked out of the watch
    boolean onlyMoving = lines.isEmpty() && sawMoving;
    r.watched =
        !r.scrolling
            && (!lines.isEmpty()
                || r.open != null
                || isBandLike(r, frame.rows())
                || (!onlyMoving && r.cues.stream().anyMatch(c -> c.endUs - c.startUs >= 800_000)));
    String text = joinVisualLines(lines);
    double conf = lines.stream().mapToDouble(OcrLine::confidence).average().orElse(0);
    Cue open = r.open;
    if (open != null
        && !text.isEmpty()
        && TextSimilarity.normalized(
                TextSimilarity.normalizeSpace(text), TextSimilarity.normalizeSpace(open.text))
            <= s.sameText) {
      open.lastSeenUs = t;
      open.readings++;
      // the recognizer drops word spaces far more often than it invents them: of two readings
      // that differ only in spaces, the one with more wins; otherwise the more confident one
      boolean sameLetters = open.text.replace(" ", "").equals(text.replace(" ", ""));
      if (sameLetters ? spaces(text) > spaces(open.text) : conf > open.confidence) {
        open.text = text;
        open.confidence = Math.max(conf, open.confidence);
      }
      open.box(lines, r.y0);
    } else {
      if (open != null) {
        endOpenCue(r, t, sig);
      }
      if (!text.isEmpty()) {
        Cue c = new Cue();
        c.startUs = t;
        // a row read for the first time was found by discovery: its text began after the last one
        c.startFromUs =
            r.retryFromUs >= 0
                ? r.retryFromUs
                : samples == 1 ? t : r.sig == null ? prevDiscoveryUs : prevSampleUs;
        c.sigBefore = r.sig;
        c.sigAfter = sig;
        c.startY0 = r.y0;
        c.startY1 = r.y1;
        c.lastSeenUs = t;
        c.text = text;
        c.confidence = conf;
        c.readings = 1;
        c.anchor = lines;
        c.box(lines, r.y0);
        r.open = c;
        List<Cue> seen = new ArrayList<>(r.cues);
        seen.add(c);
        if (scrolls(seen)) {
          // reading a ticker at every sample finds a new cue each time and says nothing new
          r.scrolling = true;
          r.watched = false;
        }
      }
    }
    r.sig = sig;
    r.lastReadUs = t;
    r.emptyReads = text.isEmpty() ? r.emptyReads + 1 : 0;
  }

  /** The open cue turned out to be text on a moving object: other text, not a cue. */
  private void demoteOpenCue(Row r) {
    Cue c = r.open;
    r.open = null;
    offCentre.add(
        new TextSpan(
            c.text,
            "other",
            c.startUs / 1000,
            c.lastSeenUs / 1000,
            c.x,
            c.y,
            c.x1 - c.x,
            c.y1 - c.y,
            c.confidence));
  }

  private static long spaces(String s) {
    return s.chars().filter(c -> c == ' ').count();
  }

  /** A row that has shown centred text for a while, in the lower half of the frame. */
  private static boolean isBandLike(Row r, int height) {
    boolean lasting =
        r.cues.stream().anyMatch(c -> c.endUs - c.startUs >= 800_000)
            || (r.open != null && r.open.lastSeenUs - r.open.startUs >= 800_000);
    return lasting && (r.y0 + r.y1) / 2.0 > height / 2.0;
  }

  /**
   * The earlier line that shows the same text as {@code l} somewhere else (text on a moving object,
   * so not a subtitle), or null. Moving means the whole box shifted: both side edges the same way
   * (a line read with a character more or less, or revealed word by word, keeps one edge or its
   * centre), or both top and bottom.
   */
  private static OcrLine movedFrom(OcrLine l, List<OcrLine> before) {
    for (OcrLine b : before) {
      // with slack for detection jitter
      double tol = 0.3 * l.height() + 8;
      if (TextSimilarity.normalized(l.text(), b.text()) <= 0.3
          && (shifted(l.x() - b.x(), l.x() + l.width() - b.x() - b.width(), tol)
              || shifted(l.y() - b.y(), l.y() + l.height() - b.y() - b.height(), tol))) {
        return b;
      }
    }
    return null;
  }

  private static boolean shifted(double d0, double d1, double tol) {
    return Math.abs(d0) > tol && Math.abs(d1) > tol && Math.signum(d0) == Math.signum(d1);
  }

  private static double dx(OcrLine l, OcrLine b) {
    return (l.x() + l.width() / 2.0) - (b.x() + b.width() / 2.0);
  }

  /**
   * Text of detected pieces as read: pieces that overlap vertically form one visual line, read left
   * to right (a space only between Latin pieces); visual lines top to bottom, by newlines.
   */
  static String joinVisualLines(List<OcrLine> pieces) {
    List<OcrLine> sorted = new ArrayList<>(pieces);
    sorted.sort(Comparator.comparingDouble(OcrLine::centerY));
    List<List<OcrLine>> lines = new ArrayList<>();
    for (OcrLine p : sorted) {
      List<OcrLine> last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
      if (last != null
          && Math.abs(p.centerY() - last.get(0).centerY())
              < 0.5 * Math.min(p.height(), last.get(0).height())) {
        last.add(p);
      } else {
        List<OcrLine> line = new ArrayList<>();
        line.add(p);
        lines.add(line);
      }
    }
    List<String> out = new ArrayList<>();
    for (List<OcrLine> line : lines) {
      line.sort(Comparator.comparingInt(OcrLine::x));
      StringBuilder sb = new StringBuilder();
      for (OcrLine p : line) {
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) < 0x250 && p.text().charAt(0) < 0x250) {
          sb.append(' ');
        }
        sb.append(p.text());
      }
      out.add(sb.toString());
    }
    return String.join("\n", out);
  }

  /**
   * The part of a row's signature that tells its subtitle changed: the open cue's own columns, or
   * where the row's narrowest cue stood (any later centred line covers it), without the columns its
   * moving text can have reached by time t (its box at the last reading, widened by its speed).
   */
  private EdgeGrid masked(EdgeGrid sig, Row r, long t) {
    if (sig == null) {
      return null;
    }
    Cue window =
        r.open != null
            ? r.open
            : r.cues.stream().min(Comparator.comparingInt(c -> c.x1 - c.x)).orElse(null);
    if (window != null && window.x1 > window.x) {
      sig = sig.within(window.x - CELL, window.x1 + CELL);
    }
    if (r.moving != null) {
      double reach = r.moving[2] * (t - r.lastReadUs) / 1e6 + CELL;
      sig = sig.without((int) (r.moving[0] - reach), (int) Math.ceil(r.moving[1] + reach));
    }
    return sig;
  }

  /** Cells that gained strong edges since {@code before}, outside the watched rows. */
  private int newCellsOutsideRows(EdgeGrid now, EdgeGrid before) {
    for (Row r : rows) {
      if (r.watched) {
        now = now.withoutRows(r.y0, r.y1);
      }
    }
    return now.risen(before, RISE);
  }

  @Override
  public ModalityResult end(double decodedDurationS) throws IOException {
    long endUs = Math.round(decodedDurationS * 1e6);
    rows.addAll(retired);
    retired.clear();
    for (Row r : rows) {
      if (r.open != null) {
        r.open.endUs = endUs; // the cue still showing when the video ends is kept
        r.cues.add(r.open);
        r.open = null;
      }
    }
    for (Row r : rows) {
      bridgeDropouts(r);
    }
    if (s.refineBoundaries) {
      refine();
    }
    List<TextSpan> spans = new ArrayList<>();
    List<TextSpan> subtitles = new ArrayList<>();
    for (Row r : rows) {
      String kind = classify(r, decodedDurationS);
      for (Cue c : r.cues) {
        if ((c.endUs - c.startUs) / 1000 < s.minCueMs) {
          continue;
        }
        TextSpan span =
            new TextSpan(
                c.text,
                kind,
                Math.round(c.startUs / 1000.0),
                Math.round(c.endUs / 1000.0),
                c.x,
                c.y,
                c.x1 - c.x,
                c.y1 - c.y,
                Math.round(c.confidence * 1000) / 1000.0);
        spans.add(span);
        if (kind.equals("subtitle")) {
          subtitles.add(span);
        }
      }
    }
    spans.addAll(mergeReadings(offCentre, decodedDurationS));
    List<SubtitleCue> cues = cues(subtitles);
    Files.writeString(
        outDir.resolve(ArtifactFiles.SUBTITLES), Srt.format(cues), StandardCharsets.UTF_8);
    spans.sort(Comparator.comparingLong(TextSpan::startMs).thenComparingInt(TextSpan::y));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("engine", reader.name());
    json.put("lines", spans);
    JSON.writeValue(outDir.resolve(ArtifactFiles.ONSCREEN_TEXT).toFile(), json);
    Map<String, Double> stats = new LinkedHashMap<>();
    stats.put("cues", (double) cues.size());
    stats.put("subtitleRows", (double) subtitles.size());
    stats.put("otherTextLines", (double) (spans.size() - subtitles.size()));
    stats.put("ocrCalls", (double) ocrCalls);
    stats.put("samples", (double) samples);
    stats.put(
        "meanConfidence", subtitles.stream().mapToDouble(TextSpan::confidence).average().orElse(0));
    List<String> files = List.of(ArtifactFiles.SUBTITLES, ArtifactFiles.ONSCREEN_TEXT);
    if (subtitles.isEmpty()) {
      ModalityResult r = Analyzer.absent("no_subtitles", "no subtitle text found");
      r.setFiles(files);
      r.setStats(stats);
      return r;
    }
    return Analyzer.ok(files, stats);
  }

  /** Consecutive readings of the same text near the same place become one span. */
  private List<TextSpan> mergeReadings(List<TextSpan> readings, double durationS) {
    List<TextSpan> sorted = new ArrayList<>(readings);
    sorted.sort(Comparator.comparingLong(TextSpan::startMs));
    List<TextSpan> out = new ArrayList<>();
    for (TextSpan r : sorted) {
      int into = -1;
      for (int i = out.size() - 1; i >= 0 && into < 0; i--) {
        TextSpan o = out.get(i);
        if (r.startMs() - o.endMs() <= s.recheckSeconds * 1000 + 500
            && Math.abs(r.y() - o.y()) < Math.max(r.height(), o.height())
            && TextSimilarity.normalized(r.text(), o.text()) <= s.sameText) {
          into = i;
        }
      }
      if (into < 0) {
        out.add(r);
      } else {
        TextSpan o = out.get(into);
        out.set(
            into,
            new TextSpan(
                o.text(),
                r.kind().equals("ticker") ? "ticker" : o.kind(),
                o.startMs(),
                r.endMs(),
                o.x(),
                o.y(),
                o.width(),
                o.height(),
                Math.max(o.confidence(), r.confidence())));
      }
    }
    List<TextSpan> typed = new ArrayList<>();
    for (TextSpan o : out) {
      boolean stays = o.kind().equals("other") && o.endMs() - o.startMs() >= 0.6 * durationS * 1000;
      typed.add(
          stays
              ? new TextSpan(
                  o.text(),
                  "watermark",
                  o.startMs(),
                  o.endMs(),
                  o.x(),
                  o.y(),
                  o.width(),
                  o.height(),
                  o.confidence())
              : o);
    }
    return typed;
  }

  /**
   * Joins two cues of the same text one sample apart: the line was missed once (a detector dropout
   * or a flicker), it did not go away.
   */
  private void bridgeDropouts(Row r) {
    r.cues.sort(Comparator.comparingLong(c -> c.startUs));
    long oneSample = Math.round(1e6 / s.sampleFps) + 1000;
    for (int i = 0; i + 1 < r.cues.size(); ) {
      Cue a = r.cues.get(i);
      Cue b = r.cues.get(i + 1);
      if (b.startUs - a.endUs <= oneSample
          && TextSimilarity.normalized(
                  TextSimilarity.normalizeSpace(a.text), TextSimilarity.normalizeSpace(b.text))
              <= s.sameText) {
        if (b.confidence > a.confidence) {
          a.text = b.text;
          a.confidence = b.confidence;
        }
        a.endUs = b.endUs;
        a.lastSeenUs = b.lastSeenUs;
        a.sigEndBefore = b.sigEndBefore;
        a.sigEndAfter = b.sigEndAfter;
        a.endY0 = b.endY0;
        a.endY1 = b.endY1;
        a.readings += b.readings;
        a.x = Math.min(a.x, b.x);
        a.y = Math.min(a.y, b.y);
        a.x1 = Math.max(a.x1, b.x1);
        a.y1 = Math.max(a.y1, b.y1);
        r.cues.remove(i + 1);
      } else {
        i++;
      }
    }
  }

  /** subtitle, watermark, ticker or other, from how a row's text behaved. */
  String classify(Row r, double durationS) {
    if (r.cues.isEmpty()) {
      return "other";
    }
    double h = info.height();
    double w = info.width();
    if (s.bandTop != null && s.bandBottom != null) {
      double cy = (r.y0 + r.y1) / 2.0 / h;
      return cy >= s.bandTop && cy <= s.bandBottom ? "subtitle" : "other";
    }
    double covered = r.cues.stream().mapToDouble(c -> (c.endUs - c.startUs) / 1e6).sum();
    long distinct =
        r.cues.stream().map(c -> TextSimilarity.normalizeSpace(c.text)).distinct().count();
    if (distinct == 1 && covered >= 0.6 * durationS) {
      return "watermark";
    }
    List<Double> lengths = r.cues.stream().map(c -> (c.endUs - c.startUs) / 1e6).sorted().toList();
    double median = lengths.get(lengths.size() / 2);
    // text at a side of the frame for most of the time it showed runs off it: a crawl, whether or
    // not its readings were seen sliding (an engine that misreads it may not show that)
    double atSideS =
        r.cues.stream()
            .filter(c -> atSide(c.x, c.x1, (int) w))
            .mapToDouble(c -> (c.endUs - c.startUs) / 1e6)
            .sum();
    if (distinct >= 4 && median < 0.7 || scrolls(r.cues) || atSideS > covered / 2) {
      return "ticker";
    }
    // where the row's text stood for most of the time it showed: a few fleeting readings of text
    // beside the subtitle (a caption on a moving object that the reader misread, so it was not
    // matched as moving) do not move a row of long centred cues off centre
    List<Cue> byOffset =
        r.cues.stream()
            .sorted(Comparator.comparingDouble(c -> Math.abs((c.x + c.x1) / 2.0 - w / 2)))
            .toList();
    double offCentre = 1;
    double shown = 0;
    for (Cue c : byOffset) {
      shown += c.endUs - c.startUs;
      if (shown >= covered * 1e6 / 2) {
        offCentre = Math.abs((c.x + c.x1) / 2.0 - w / 2) / w;
        break;
      }
    }
    double cy = (r.y0 + r.y1) / 2.0 / h;
    if (offCentre < 0.1 && (cy > 0.5 || r.cues.size() >= 2)) {
      return "subtitle";
    }
    return "other";
  }

  /**
   * Whether a row's text scrolls: most of its successive readings are the one before slid along (a
   * long common run of characters that sits further left in the later reading). Successive
   * subtitles are different sentences and share no such run.
   */
  static boolean scrolls(List<Cue> cues) {
    List<Cue> inTime = new ArrayList<>(cues);
    inTime.sort(Comparator.comparingLong(c -> c.startUs));
    int pairs = 0;
    int slid = 0;
    for (int i = 0; i + 1 < inTime.size(); i++) {
      String a = TextSimilarity.normalizeSpace(inTime.get(i).text);
      String b = TextSimilarity.normalizeSpace(inTime.get(i + 1).text);
      if (a.equals(b)) {
        continue;
      }
      pairs++;
      slid += slidLeft(a, b) ? 1 : 0;
    }
    return pairs >= 2 && 2 * slid > pairs;
  }

  /**
   * b shows a long run of a (≥ 5 characters and ≥ 40% of the shorter) further left: the reading of
   * a scrolled line loses the characters that left the frame.
   */
  static boolean slidLeft(String a, String b) {
    int[] ca = a.codePoints().toArray();
    int[] cb = b.codePoints().toArray();
    int best = 0;
    int shift = 0;
    int[][] run = new int[ca.length + 1][cb.length + 1];
    for (int i = 1; i <= ca.length; i++) {
      for (int j = 1; j <= cb.length; j++) {
        if (ca[i - 1] == cb[j - 1]) {
          run[i][j] = run[i - 1][j - 1] + 1;
          if (run[i][j] > best) {
            best = run[i][j];
            shift = i - j;
          }
        }
      }
    }
    return best >= 5 && best >= 0.4 * Math.min(ca.length, cb.length) && shift >= 1;
  }

  /**
   * Moves each boundary to the first frame between the two samples around it whose row looks like
   * the state after it (decoding those frames again, each once: {@link StretchDecoder}).
   */
  private void refine() {
    List<StretchDecoder.Stretch> stretches = new ArrayList<>();
    for (Row r : rows) {
      for (Cue c : r.cues) {
        if (c.startUs - c.startFromUs > 1000) {
          stretches.add(new StretchDecoder.Stretch(c.startFromUs, c.startUs, boundary(c, true)));
        }
        if (c.sigEndBefore != null && c.endUs - c.lastSeenUs > 1000) {
          stretches.add(new StretchDecoder.Stretch(c.lastSeenUs, c.endUs, boundary(c, false)));
        }
      }
    }
    try {
      StretchDecoder.decode(info.file(), stretches);
    } catch (MediaException e) {
      // refinement is an improvement; without it the sample times stand
    }
  }

  /**
   * What looks for a cue's start (or end) between the sample before it ({@code from}) and the one
   * that saw it: the first frame nearer the look after than the look before moves it there.
   */
  private StretchDecoder.Watcher boundary(Cue c, boolean start) {
    // only the cue's own columns: what else moves in the row says nothing about its text
    int x0 = c.x - CELL;
    int x1 = c.x1 + CELL;
    int y0 = start ? c.startY0 : c.endY0;
    int y1 = start ? c.startY1 : c.endY1;
    long from = start ? c.startFromUs : c.lastSeenUs;
    EdgeGrid after = (start ? c.sigAfter : c.sigEndAfter).within(x0, x1);
    EdgeGrid known = start ? c.sigBefore : c.sigEndBefore;
    EdgeGrid[] before = {known == null ? null : known.within(x0, x1)};
    return (ts, m) -> {
      EdgeGrid sig = EdgeGrid.of(m, y0, y1).within(x0, x1);
      if (ts <= from) {
        // a row discovery found has no reading before; the window's first frame stands in
        before[0] = before[0] == null ? sig : before[0];
        return true;
      }
      // a start must look like the text that came, not only less like the frame before it: a
      // moving background drifts away from a reference frame with no text (an end's empty
      // row has no such stable look, so there nearer to after than to before decides)
      if (before[0] != null
          && sig.similarity(after) > sig.similarity(before[0])
          && (!start || sig.similarity(after) >= s.changeJaccard)) {
        if (start) {
          c.startUs = ts;
        } else {
          c.endUs = ts;
        }
        return false;
      }
      return true;
    };
  }

  /**
   * The subtitle spans as cues. Spans shown together — one overlapping a span of the group for at
   * least half of the longer of the two: lines of one subtitle come and go together — are one cue,
   * its lines top to bottom (a two-line or a stacked bilingual subtitle), from the earliest start
   * to the latest end among them. Each cue keeps the start its own rows found; one still running
   * when the next cue starts ends there. No row is dropped.
   */
  static List<SubtitleCue> cues(List<TextSpan> spans) {
    List<TextSpan> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingLong(TextSpan::startMs));
    List<List<TextSpan>> groups = new ArrayList<>();
    for (TextSpan t : sorted) {
      List<TextSpan> into = null;
      for (int i = groups.size() - 1; i >= 0 && into == null; i--) {
        for (TextSpan m : groups.get(i)) {
          long overlap = Math.min(m.endMs(), t.endMs()) - Math.max(m.startMs(), t.startMs());
          long longer = Math.max(m.endMs() - m.startMs(), t.endMs() - t.startMs());
          if (overlap > 0 && 2 * overlap >= longer) {
            into = groups.get(i);
            break;
          }
        }
      }
      if (into == null) {
        into = new ArrayList<>();
        groups.add(into);
      }
      into.add(t);
    }
    List<SubtitleCue> cues = new ArrayList<>();
    for (List<TextSpan> g : groups) {
      List<String> lines = new ArrayList<>();
      g.stream()
          .sorted(Comparator.comparingInt(TextSpan::y).thenComparingInt(TextSpan::x))
          .map(TextSpan::text)
          .filter(line -> !lines.contains(line))
          .forEach(lines::add);
      cues.add(
          new SubtitleCue(
              g.stream().mapToLong(TextSpan::startMs).min().orElseThrow(),
              g.stream().mapToLong(TextSpan::endMs).max().orElseThrow(),
              String.join("\n", lines)));
    }
    cues.sort(Comparator.comparingLong(SubtitleCue::startMs));
    List<SubtitleCue> out = new ArrayList<>();
    for (int i = 0; i < cues.size(); i++) {
      SubtitleCue c = cues.get(i);
      long end = i + 1 < cues.size() ? Math.min(c.endMs(), cues.get(i + 1).startMs()) : c.endMs();
      if (end > c.startMs()) {
        out.add(new SubtitleCue(c.startMs(), end, c.text()));
      }
    }
    return out;
  }
}
