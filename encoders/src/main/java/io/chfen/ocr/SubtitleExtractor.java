package io.chfen.ocr;

import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.convertScaleAbs;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Sobel;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chfen.media.Analyzer;
import io.chfen.media.FrameSample;
import io.chfen.media.MediaInfo;
import io.chfen.records.ModalityResult;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Hard subtitles to SRT, and every other on-screen text line to {@code onscreen_text.json}.
 *
 * <p>Text rows are discovered by reading the whole frame once a second; each row is then watched on
 * every sample (5 fps) with a cheap change detector (the occupancy of strong edges on a coarse
 * grid, compared by Jaccard index), and read again only when it changes or at a periodic re-check.
 * Consecutive near-identical readings (normalized edit distance) form one cue that keeps its most
 * confident text; the cue showing at the end of the video is kept. Each cue boundary, known to lie
 * between two samples, is then refined on the frames between them (decoded again) by the same
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
    public double discoverySeconds = 3;

    /**
     * The discovery interval until some row has shown text (so a short first cue is not missed).
     */
    public double warmUpDiscoverySeconds = 1;

    /** A watched row is read again after this long even if it looks unchanged (slow fades). */
    public double recheckSeconds = 4;

    /** The re-check interval of a watched row that shows no text now. */
    public double emptyRecheckSeconds = 1;

    /** Below this Jaccard index between edge grids a row counts as changed. */
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
  private static final int CELL = 8;

  private final Settings s;
  private final OcrEngine discovery;
  private final OcrEngine reader;
  private final boolean ownsReader;
  private final OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat();

  private MediaInfo info;
  private Path outDir;
  private final List<Row> rows = new ArrayList<>();

  /** Readings of text off the centre line, merged into spans at the end. */
  private final List<TextSpan> offCentre = new ArrayList<>();

  /** Rows no longer watched, kept for their cues. */
  private final List<Row> retired = new ArrayList<>();

  private long lastDiscoveryUs;
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
    toMat.close();
  }

  @Override
  public String modality() {
    return "subtitles";
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
    lastDiscoveryUs = Long.MIN_VALUE;
    prevSampleUs = 0;
    ocrCalls = 0;
    samples = 0;
  }

  /** A horizontal strip of the frame where text was found, and what it showed over time. */
  private final class Row {
    int y0;
    int y1;
    BitSet sig;
    long lastReadUs;
    int emptyReads;
    List<OcrLine> lastLines = List.of();

    /** Watched every sample only while it shows centred, still text; else read at discovery. */
    boolean watched = true;

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
    BitSet sigBefore;
    BitSet sigAfter;
    long endUs;
    long lastSeenUs;
    BitSet sigEndBefore;
    BitSet sigEndAfter;
    String text;
    double confidence;
    int readings;
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
    List<Row> readByDiscovery = new ArrayList<>();
    if (discover) {
      prevDiscoveryUs = lastDiscoveryUs == Long.MIN_VALUE ? t : lastDiscoveryUs;
      lastDiscoveryUs = t;
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
      BitSet sig = signature(frame, r.y0, r.y1);
      boolean changed = r.sig == null || jaccard(sig, r.sig) < s.changeJaccard;
      if (r.open == null && r.sig != null) {
        // an empty row changes with its background; only text appearing (new strong edges) counts
        changed &= sig.cardinality() > r.sig.cardinality() + 3;
      }
      // a row between cues is re-checked sooner: the next cue usually follows within a second
      double recheck = r.open == null ? s.emptyRecheckSeconds : s.recheckSeconds;
      if (changed || t - r.lastReadUs >= recheck * 1e6 - 1000) {
        try (Mat crop = new Mat(frame, new Rect(0, r.y0, frame.cols(), r.y1 - r.y0))) {
          observe(r, t, frame, confident(call(() -> reader.read(crop))));
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

  private List<OcrLine> call(Supplier<List<OcrLine>> read) {
    ocrCalls++;
    return read.get();
  }

  private List<OcrLine> confident(List<OcrLine> lines) {
    return lines.stream()
        .filter(l -> l.confidence() >= s.minConfidence && !l.text().isBlank())
        .toList();
  }

  /** The row a line belongs to, created when the line is somewhere new. */
  private void rowFor(OcrLine l, int height) {
    double cy = l.centerY();
    for (Row r : rows) {
      if (cy >= r.y0 && cy < r.y1) {
        return;
      }
    }
    int pad = (int) Math.round(l.height() * 0.5);
    rows.add(new Row(Math.max(0, l.y() - pad), Math.min(height, l.y() + l.height() + pad)));
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
    BitSet sig = signature(frame, r.y0, r.y1);
    double mid = frame.cols() / 2.0;
    double slack = frame.cols() * 0.15;
    List<OcrLine> lines = new ArrayList<>();
    boolean sawMoving = false;
    for (OcrLine l : all) {
      boolean central = l.x() - slack <= mid && l.x() + l.width() + slack >= mid;
      String motion = motion(l, r.lastLines);
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
    // a row that now shows only moving text (a caption on a moving object) is left to discovery
    boolean onlyMoving = lines.isEmpty() && sawMoving;
    r.watched =
        !lines.isEmpty()
            || r.open != null
            || (!onlyMoving && r.cues.stream().anyMatch(c -> c.endUs - c.startUs >= 800_000));
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
        open.endUs = t;
        open.sigEndBefore = r.sig;
        open.sigEndAfter = sig;
        r.cues.add(open);
        r.open = null;
      }
      if (!text.isEmpty()) {
        Cue c = new Cue();
        c.startUs = t;
        // a row read for the first time was found by discovery: its text began after the last one
        c.startFromUs = samples == 1 ? t : r.sig == null ? prevDiscoveryUs : prevSampleUs;
        c.sigBefore = r.sig;
        c.sigAfter = sig;
        c.lastSeenUs = t;
        c.text = text;
        c.confidence = conf;
        c.readings = 1;
        c.box(lines, r.y0);
        r.open = c;
      }
    }
    r.sig = sig;
    r.lastReadUs = t;
    r.emptyReads = text.isEmpty() ? r.emptyReads + 1 : 0;
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

  /** Text the row's last reading saw elsewhere: on a moving object, so not a subtitle. */
  private static String motion(OcrLine l, List<OcrLine> before) {
    for (OcrLine b : before) {
      // centres, with slack for detection jitter (a dropped first character shifts a box)
      double tol = 0.3 * l.height() + 8;
      double dx = (l.x() + l.width() / 2.0) - (b.x() + b.width() / 2.0);
      double dy = l.centerY() - b.centerY();
      if (TextSimilarity.normalized(l.text(), b.text()) <= 0.3
          && (Math.abs(dx) > tol || Math.abs(dy) > tol)) {
        return Math.abs(dy) <= tol ? "ticker" : "other"; // a crawl moves sideways only
      }
    }
    return null;
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

  /** Strong-edge occupancy of a strip on a coarse grid: stable while its text stays. */
  static BitSet signature(Mat frame, int y0, int y1) {
    BitSet bits = new BitSet();
    try (Mat strip = new Mat(frame, new Rect(0, y0, frame.cols(), y1 - y0));
        Mat gray = new Mat();
        Mat gx = new Mat();
        Mat gy = new Mat();
        Mat ax = new Mat();
        Mat ay = new Mat();
        Mat mag = new Mat();
        Mat cells = new Mat()) {
      cvtColor(strip, gray, COLOR_BGR2GRAY);
      Sobel(gray, gx, CV_16S, 1, 0);
      Sobel(gray, gy, CV_16S, 0, 1);
      convertScaleAbs(gx, ax);
      convertScaleAbs(gy, ay);
      addWeighted(ax, 0.5, ay, 0.5, 0, mag);
      org.bytedeco.opencv.global.opencv_imgproc.threshold(
          mag, mag, 80, 255, org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY);
      int cw = Math.max(1, mag.cols() / CELL);
      int ch = Math.max(1, mag.rows() / CELL);
      resize(mag, cells, new Size(cw, ch), 0, 0, INTER_AREA);
      UByteIndexer ix = cells.createIndexer();
      for (int y = 0; y < ch; y++) {
        for (int x = 0; x < cw; x++) {
          if (ix.get(y, x) > 40) {
            bits.set(y * cw + x);
          }
        }
      }
      ix.close();
    }
    return bits;
  }

  static double jaccard(BitSet a, BitSet b) {
    if (a == null || b == null) {
      return 0;
    }
    BitSet and = (BitSet) a.clone();
    and.and(b);
    BitSet or = (BitSet) a.clone();
    or.or(b);
    return or.isEmpty() ? 1 : and.cardinality() / (double) or.cardinality();
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
    subtitles.sort(Comparator.comparingLong(TextSpan::startMs));
    Files.writeString(outDir.resolve("subtitles.srt"), srt(subtitles), StandardCharsets.UTF_8);
    spans.sort(Comparator.comparingLong(TextSpan::startMs).thenComparingInt(TextSpan::y));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("engine", reader.name());
    json.put("lines", spans);
    JSON.writeValue(outDir.resolve("onscreen_text.json").toFile(), json);
    Map<String, Double> stats = new LinkedHashMap<>();
    stats.put("cues", (double) subtitles.size());
    stats.put("otherTextLines", (double) (spans.size() - subtitles.size()));
    stats.put("ocrCalls", (double) ocrCalls);
    stats.put("samples", (double) samples);
    stats.put(
        "meanConfidence", subtitles.stream().mapToDouble(TextSpan::confidence).average().orElse(0));
    List<String> files = List.of("subtitles.srt", "onscreen_text.json");
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
    if (r.cues.size() >= 4 && median < 0.7) {
      return "ticker";
    }
    double offCentre =
        r.cues.stream()
            .mapToDouble(c -> Math.abs((c.x + c.x1) / 2.0 - w / 2) / w)
            .sorted()
            .skip(r.cues.size() / 2)
            .findFirst()
            .orElse(1);
    double cy = (r.y0 + r.y1) / 2.0 / h;
    if (offCentre < 0.1 && (cy > 0.5 || r.cues.size() >= 2)) {
      return "subtitle";
    }
    return "other";
  }

  /**
   * Moves each boundary to the first frame between the two samples around it whose row looks like
   * the state after it (decoding those frames again).
   */
  private void refine() {
    List<long[]> work = new ArrayList<>();
    List<Object[]> targets = new ArrayList<>();
    for (Row r : rows) {
      for (Cue c : r.cues) {
        if (c.startUs - c.startFromUs > 1000) {
          targets.add(new Object[] {r, c, true});
          work.add(new long[] {c.startFromUs, c.startUs});
        }
        if (c.sigEndBefore != null && c.endUs - c.lastSeenUs > 1000) {
          targets.add(new Object[] {r, c, false});
          work.add(new long[] {c.lastSeenUs, c.endUs});
        }
      }
    }
    if (work.isEmpty()) {
      return;
    }
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(info.file().toFile())) {
      g.start();
      for (int i = 0; i < work.size(); i++) {
        Row r = (Row) targets.get(i)[0];
        Cue c = (Cue) targets.get(i)[1];
        boolean start = (Boolean) targets.get(i)[2];
        long from = work.get(i)[0];
        long to = work.get(i)[1];
        BitSet before = start ? c.sigBefore : c.sigEndBefore;
        BitSet after = start ? c.sigAfter : c.sigEndAfter;
        g.setVideoTimestamp(from);
        Frame f;
        while ((f = g.grabImage()) != null && f.timestamp < to) {
          Mat m = toMat.convert(f);
          BitSet sig = signature(m, r.y0, r.y1);
          if (f.timestamp <= from) {
            // a row discovery found has no reading before; the window's first frame stands in
            before = before == null ? sig : before;
            continue;
          }
          if (before != null && jaccard(sig, after) > jaccard(sig, before)) {
            if (start) {
              c.startUs = f.timestamp;
            } else {
              c.endUs = f.timestamp;
            }
            break;
          }
        }
      }
    } catch (FrameGrabber.Exception e) {
      // refinement is an improvement; without it the sample times stand
    }
  }

  /** SRT of the subtitle spans, ordered and made non-overlapping. */
  static String srt(List<TextSpan> spans) {
    List<Srt.Cue> cues = new ArrayList<>();
    long lastEnd = 0;
    for (TextSpan c : spans) {
      long start = Math.max(c.startMs(), lastEnd);
      if (c.endMs() > start) {
        cues.add(new Srt.Cue(start, c.endMs(), c.text()));
        lastEnd = c.endMs();
      }
    }
    return Srt.format(cues);
  }
}
