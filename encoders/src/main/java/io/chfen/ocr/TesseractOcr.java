package io.chfen.ocr;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_ELLIPSE;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY_INV;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_OTSU;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.dilate;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import com.sun.jna.Pointer;
import io.chfen.models.ModelFiles;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.TessAPI;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Tesseract 5 through Tess4J's C API, reading the text lines PP-OCR's detector finds, one line at a
 * time, with one engine handle kept open (re-initializing per call costs ~100 ms). The lines and
 * their boxes are the detector's, as with PP-OCR, so what a line is and where it sits does not
 * depend on the engine: left to its own page layout, Tesseract read a strip's background texture
 * and scene text as lines and stretched a subtitle's box over them (field corpus f07: every
 * subtitle row classified off centre). Each line is binarized ({@link #outlinedGlyphs}, else Otsu;
 * text made dark on light; read both ways, {@link #readLine}) and scaled so text is about 48 px
 * tall, which took Tesseract from a quarter to all of the test lines right (STACK.md). Needs
 * Debian's libtesseract5 and traineddata; set {@code OMP_THREAD_LIMIT=1} in the environment (the
 * launcher and the build do).
 *
 * <p>Not thread-safe: a handle serves one thread. Make one per worker thread.
 */
public final class TesseractOcr implements OcrEngine {
  public static final Path DEBIAN_TESSDATA = Path.of("/usr/share/tesseract-ocr/5/tessdata");

  /**
   * Interface mapping: functions bind on first call, so a libtesseract older than Tess4J's newest
   * API (Debian 12 ships 5.3) still works; the direct mapping binds all at load and fails.
   */
  private static final TessAPI API = TessAPI.INSTANCE;

  private final ITessAPI.TessBaseAPI handle;
  private final PaddleOcr detector;

  /**
   * @param languages e.g. {@code chi_sim+eng}
   * @param detector finds the text lines Tesseract reads
   */
  public TesseractOcr(Path tessdata, String languages, PaddleOcr detector) {
    this.detector = detector;
    for (String lang : languages.split("\\+")) {
      Path f = tessdata.resolve(lang + ".traineddata");
      if (!Files.isRegularFile(f)) {
        throw new IllegalStateException(
            "Tesseract data "
                + f
                + " is missing: install Debian's tesseract-ocr-"
                + lang.replace('_', '-')
                + " ("
                + ModelFiles.FETCH
                + " does)");
      }
    }
    handle = API.TessBaseAPICreate();
    if (API.TessBaseAPIInit3(handle, tessdata.toString(), languages) != 0) {
      API.TessBaseAPIDelete(handle);
      throw new IllegalStateException(
          "Tesseract cannot initialize " + languages + " from " + tessdata);
    }
    API.TessBaseAPISetPageSegMode(handle, ITessAPI.TessPageSegMode.PSM_SINGLE_LINE);
    API.TessBaseAPISetVariable(handle, "user_defined_dpi", "300");
    // CJK text has no spaces between characters; Tesseract inserts them unless told not to
    API.TessBaseAPISetVariable(handle, "preserve_interword_spaces", "1");
  }

  public TesseractOcr(PaddleOcr detector) {
    this(DEBIAN_TESSDATA, "chi_sim+eng", detector);
  }

  @Override
  public String name() {
    return "tesseract";
  }

  @Override
  public List<OcrLine> read(Mat bgr) {
    List<OcrLine> out = new ArrayList<>();
    for (Rect box : detector.detect(bgr)) {
      // a margin of a fifth of the line's height: Tesseract misreads glyphs that touch the edge
      int m = Math.max(2, box.height() / 5);
      int x0 = Math.max(0, box.x() - m);
      int y0 = Math.max(0, box.y() - m);
      int x1 = Math.min(bgr.cols(), box.x() + box.width() + m);
      int y1 = Math.min(bgr.rows(), box.y() + box.height() + m);
      try (Mat line = new Mat(bgr, new Rect(x0, y0, x1 - x0, y1 - y0))) {
        double[] confidence = new double[1];
        String text = readLine(line, confidence);
        if (!text.isEmpty()) {
          out.add(new OcrLine(box.x(), box.y(), box.width(), box.height(), text, confidence[0]));
        }
      }
    }
    out.sort(Comparator.comparingDouble(OcrLine::centerY).thenComparingInt(OcrLine::x));
    return out;
  }

  /**
   * One text line's text and confidence: read twice, from the bright glyphs held apart by something
   * dark ({@link #outlinedGlyphs}: outlines, shadows) and from Otsu's split (the minority side as
   * text: boxes, flat backgrounds), keeping the reading Tesseract is surer of. Either alone
   * misreads the styles the other suits: on the lines PP-OCR finds in both corpora's subtitles, CER
   * 14.6 % (field) and 15.9 % (sample) from the outlined glyphs alone, 17.7 % and 26.7 % from Otsu
   * alone, 7.9 % and 15.6 % keeping the surer (docs/benchmarks.md).
   */
  private String readLine(Mat bgr, double[] confidence) {
    String best = "";
    double bestConfidence = -1;
    try (Mat gray = new Mat();
        Mat scaled = new Mat();
        Mat bw = new Mat()) {
      cvtColor(bgr, gray, COLOR_BGR2GRAY);
      double scale = Math.max(1.0, Math.min(4.0, 96.0 / Math.max(1, bgr.rows())));
      resize(
          gray,
          scaled,
          new Size((int) Math.round(gray.cols() * scale), (int) Math.round(gray.rows() * scale)),
          0,
          0,
          INTER_CUBIC);
      double[] c = new double[1];
      if (outlinedGlyphs(scaled, scale, bw)) {
        best = recognize(bw, c);
        bestConfidence = c[0];
      }
      threshold(scaled, bw, 0, 255, THRESH_BINARY | THRESH_OTSU);
      // text is the minority class; Tesseract wants it dark on light
      boolean textIsBright = countNonZero(bw) < bw.rows() * (long) bw.cols() / 2;
      if (textIsBright) {
        threshold(scaled, bw, 0, 255, THRESH_BINARY_INV | THRESH_OTSU);
      }
      String otsu = recognize(bw, c);
      if (c[0] > bestConfidence) {
        best = otsu;
        bestConfidence = c[0];
      }
    }
    confidence[0] = Math.max(0, bestConfidence);
    return best;
  }

  /** Tesseract's reading of a black-on-white line image (words joined) and its mean confidence. */
  private String recognize(Mat bw, double[] confidence) {
    StringBuilder text = new StringBuilder();
    double confSum = 0;
    int parts = 0;
    Mat bin = new Mat();
    try {
      copyMakeBorder(bw, bin, 16, 16, 16, 16, BORDER_CONSTANT, new Scalar(255.0));
      int w = bin.cols();
      int h = bin.rows();
      ByteBuffer buf = ByteBuffer.allocateDirect(w * h);
      byte[] row = new byte[w];
      for (int y = 0; y < h; y++) {
        bin.ptr(y).get(row);
        buf.put(row);
      }
      buf.flip();
      API.TessBaseAPISetImage(handle, buf, w, h, 1, w);
      ITessAPI.TessResultIterator it =
          API.TessBaseAPIRecognize(handle, null) != 0 ? null : API.TessBaseAPIGetIterator(handle);
      if (it != null) {
        int level = ITessAPI.TessPageIteratorLevel.RIL_TEXTLINE;
        do {
          Pointer p = API.TessResultIteratorGetUTF8Text(it, level);
          if (p == null) {
            continue;
          }
          String clean = cleanCjkSpaces(p.getString(0, "UTF-8").strip());
          API.TessDeleteText(p);
          if (!clean.isEmpty()) {
            text.append(text.length() == 0 ? "" : " ").append(clean);
            confSum += API.TessResultIteratorConfidence(it, level) / 100.0;
            parts++;
          }
        } while (API.TessPageIteratorNext(API.TessResultIteratorGetPageIterator(it), level)
            == ITessAPI.TRUE);
        API.TessResultIteratorDelete(it);
      }
    } finally {
      bin.close();
      API.TessBaseAPIClear(handle);
    }
    confidence[0] = parts == 0 ? 0 : confSum / parts;
    return cleanCjkSpaces(text.toString());
  }

  /**
   * Burned-in subtitles are a bright fill (white, yellow) held apart from the picture by something
   * dark right beside it: an outline, a shadow or a box. Keeps the bright pixels with a dark pixel
   * within an outline's reach, black on white (what Tesseract reads best), so a bright sky or a
   * textured background does not become text. False (and {@code out} unset) when too little of the
   * region looks like that: the caller falls back to Otsu.
   */
  static boolean outlinedGlyphs(Mat gray, double scale, Mat out) {
    int reach = (int) Math.max(2, Math.round(3 * scale));
    try (Mat bright = new Mat();
        Mat dark = new Mat();
        Mat near = new Mat();
        Mat kernel = getStructuringElement(MORPH_ELLIPSE, new Size(2 * reach + 1, 2 * reach + 1));
        Mat glyphs = new Mat()) {
      threshold(gray, bright, 170, 255, THRESH_BINARY);
      threshold(gray, dark, 70, 255, THRESH_BINARY_INV);
      dilate(dark, near, kernel);
      bitwise_and(bright, near, glyphs);
      long on = countNonZero(glyphs);
      long all = gray.rows() * (long) gray.cols();
      if (on < all / 100 || on > all / 2) {
        return false;
      }
      bitwise_not(glyphs, out);
      return true;
    }
  }

  /**
   * Removes the spaces Tesseract puts between CJK characters, keeping those between Latin words.
   */
  static String cleanCjkSpaces(String s) {
    return s.replaceAll(
            "(?<=[\\p{IsHan}\\p{InCJKSymbolsAndPunctuation}\\p{InHalfwidthAndFullwidthForms}])\\s+(?=[\\p{IsHan}\\p{InCJKSymbolsAndPunctuation}\\p{InHalfwidthAndFullwidthForms}])",
            "")
        .replaceAll("\\s+", " ");
  }

  @Override
  public void close() {
    API.TessBaseAPIEnd(handle);
    API.TessBaseAPIDelete(handle);
  }
}
