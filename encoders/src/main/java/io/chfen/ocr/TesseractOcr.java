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
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.TessAPI;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Tesseract 5 through Tess4J's C API, with one engine handle kept open (re-initializing per call
 * costs ~100 ms). The region is binarized first (Otsu; text made dark on light) and scaled so text
 * is about 48 px tall, which took Tesseract from a quarter to all of the test lines right
 * (STACK.md). Needs Debian's libtesseract5 and traineddata; set {@code OMP_THREAD_LIMIT=1} in the
 * environment (the launcher and the build do).
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

  /**
   * @param languages e.g. {@code chi_sim+eng}
   */
  public TesseractOcr(Path tessdata, String languages) {
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
    API.TessBaseAPISetPageSegMode(handle, ITessAPI.TessPageSegMode.PSM_SINGLE_BLOCK);
    API.TessBaseAPISetVariable(handle, "user_defined_dpi", "300");
    // CJK text has no spaces between characters; Tesseract inserts them unless told not to
    API.TessBaseAPISetVariable(handle, "preserve_interword_spaces", "1");
  }

  public TesseractOcr() {
    this(DEBIAN_TESSDATA, "chi_sim+eng");
  }

  @Override
  public String name() {
    return "tesseract";
  }

  @Override
  public List<OcrLine> read(Mat bgr) {
    double scale;
    Mat bin = new Mat();
    try (Mat gray = new Mat();
        Mat scaled = new Mat();
        Mat bw = new Mat()) {
      cvtColor(bgr, gray, COLOR_BGR2GRAY);
      scale = Math.max(1.0, Math.min(4.0, 96.0 / Math.max(1, bgr.rows())));
      resize(
          gray,
          scaled,
          new Size((int) Math.round(gray.cols() * scale), (int) Math.round(gray.rows() * scale)),
          0,
          0,
          INTER_CUBIC);
      if (!outlinedGlyphs(scaled, scale, bw)) {
        threshold(scaled, bw, 0, 255, THRESH_BINARY | THRESH_OTSU);
        // text is the minority class; Tesseract wants it dark on light
        boolean textIsBright = countNonZero(bw) < bw.rows() * (long) bw.cols() / 2;
        if (textIsBright) {
          threshold(scaled, bw, 0, 255, THRESH_BINARY_INV | THRESH_OTSU);
        }
      }
      copyMakeBorder(bw, bin, 16, 16, 16, 16, BORDER_CONSTANT, new Scalar(255.0));
    }
    List<OcrLine> out = new ArrayList<>();
    try {
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
      if (API.TessBaseAPIRecognize(handle, null) != 0) {
        return out;
      }
      ITessAPI.TessResultIterator it = API.TessBaseAPIGetIterator(handle);
      if (it == null) {
        return out;
      }
      ITessAPI.TessPageIterator pi = API.TessResultIteratorGetPageIterator(it);
      int level = ITessAPI.TessPageIteratorLevel.RIL_TEXTLINE;
      do {
        Pointer p = API.TessResultIteratorGetUTF8Text(it, level);
        if (p == null) {
          continue;
        }
        String text = p.getString(0, "UTF-8");
        API.TessDeleteText(p);
        float conf = API.TessResultIteratorConfidence(it, level);
        IntBuffer l = IntBuffer.allocate(1);
        IntBuffer t = IntBuffer.allocate(1);
        IntBuffer r = IntBuffer.allocate(1);
        IntBuffer b = IntBuffer.allocate(1);
        API.TessPageIteratorBoundingBox(pi, level, l, t, r, b);
        String clean = cleanCjkSpaces(text.strip());
        if (!clean.isEmpty()) {
          out.add(
              new OcrLine(
                  (int) Math.round((l.get(0) - 16) / scale),
                  (int) Math.round((t.get(0) - 16) / scale),
                  (int) Math.round((r.get(0) - l.get(0)) / scale),
                  (int) Math.round((b.get(0) - t.get(0)) / scale),
                  clean,
                  conf / 100.0));
        }
      } while (API.TessPageIteratorNext(pi, level) == ITessAPI.TRUE);
      API.TessResultIteratorDelete(it);
    } finally {
      bin.close();
      API.TessBaseAPIClear(handle);
    }
    return out;
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
