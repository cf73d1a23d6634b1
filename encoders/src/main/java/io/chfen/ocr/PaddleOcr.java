package io.chfen.ocr;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_LIST;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;
import static org.bytedeco.opencv.global.opencv_imgproc.contourArea;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.chfen.models.ModelFiles;
import io.chfen.models.Onnx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * PP-OCRv4 through ONNX Runtime: DB text detection, the mobile angle classifier, and CRNN
 * recognition decoded by CTC with the model's character dictionary (6623 characters, Chinese and
 * Latin). Confidence of a line is the mean probability of its decoded characters.
 *
 * <p>Thread-safe: ONNX Runtime sessions may be shared across threads, and this class keeps no
 * per-call state. Build one per JVM and share it.
 */
public final class PaddleOcr implements OcrEngine {
  public static final String DET = "ppocr/ch_PP-OCRv4_det_infer.onnx";
  public static final String REC = "ppocr/ch_PP-OCRv4_rec_infer.onnx";
  public static final String CLS = "ppocr/ch_ppocr_mobile_v2.0_cls_infer.onnx";
  public static final String KEYS = "ppocr/ppocr_keys_v1.txt";

  private static final float[] DET_MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] DET_STD = {0.229f, 0.224f, 0.225f};
  private static final int REC_HEIGHT = 48;

  private final OrtEnvironment env = Onnx.env();
  private final OrtSession det;
  private final OrtSession rec;
  private final OrtSession cls;

  /**
   * Space-class probability between two Latin characters that marks a word gap (inside a word it
   * stays near 0; at a dropped space it is 0.1-0.5 on the sample corpus).
   */
  static final float SPACE_PROBABILITY = 0.05f;

  private final String[] chars;
  private final int detLimit;
  private final float boxThreshold;
  private final float binThreshold;

  /**
   * @param detLimit longest side the detector sees (the image is scaled down to it)
   */
  public PaddleOcr(Path modelsDir, int detLimit) {
    try {
      det = Onnx.session(modelsDir, DET);
      rec = Onnx.session(modelsDir, REC);
      cls = Onnx.session(modelsDir, CLS);
      List<String> keys = Files.readAllLines(ModelFiles.verified(modelsDir, KEYS));
      chars = new String[keys.size() + 2];
      chars[0] = ""; // CTC blank
      for (int i = 0; i < keys.size(); i++) {
        chars[i + 1] = keys.get(i);
      }
      chars[chars.length - 1] = " ";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.detLimit = detLimit;
    this.boxThreshold = 0.6f;
    this.binThreshold = 0.3f;
  }

  public PaddleOcr(Path modelsDir) {
    this(modelsDir, 960);
  }

  private static final java.util.concurrent.ConcurrentMap<Path, PaddleOcr> SHARED =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The JVM's one instance for a models directory (sessions are shareable; loading is not cheap).
   */
  public static PaddleOcr shared(Path modelsDir) {
    return SHARED.computeIfAbsent(modelsDir.toAbsolutePath(), PaddleOcr::new);
  }

  @Override
  public String name() {
    return "ppocr";
  }

  @Override
  public List<OcrLine> read(Mat bgr) {
    List<Rect> boxes = detect(bgr);
    List<OcrLine> out = new ArrayList<>();
    for (Rect r : boxes) {
      try (Mat crop = new Mat(bgr, r)) {
        Mat upright = upright(crop);
        String[] text = new String[1];
        double conf = recognize(upright, text);
        if (upright != crop) {
          upright.close();
        }
        if (!text[0].isBlank()) {
          out.add(new OcrLine(r.x(), r.y(), r.width(), r.height(), text[0].trim(), conf));
        }
      }
    }
    out.sort(Comparator.comparingDouble(OcrLine::centerY).thenComparingInt(OcrLine::x));
    return out;
  }

  /** Text boxes (DB post-processing: threshold, contours, score, unclip), axis-aligned. */
  List<Rect> detect(Mat bgr) {
    int h = bgr.rows();
    int w = bgr.cols();
    double scale = Math.min(1.0, detLimit / (double) Math.max(h, w));
    int rh = Math.max(32, (int) Math.round(h * scale / 32) * 32);
    int rw = Math.max(32, (int) Math.round(w * scale / 32) * 32);
    float[] input = new float[3 * rh * rw];
    try (Mat small = new Mat()) {
      resize(bgr, small, new Size(rw, rh), 0, 0, INTER_LINEAR);
      UByteIndexer ix = small.createIndexer();
      int plane = rh * rw;
      for (int y = 0; y < rh; y++) {
        for (int x = 0; x < rw; x++) {
          for (int c = 0; c < 3; c++) {
            input[c * plane + y * rw + x] = (ix.get(y, x, c) / 255f - DET_MEAN[c]) / DET_STD[c];
          }
        }
      }
      ix.close();
    }
    float[] prob;
    try (OnnxTensor t =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, rh, rw});
        OrtSession.Result r = det.run(Map.of("x", t))) {
      prob = ((OnnxTensor) r.get(0)).getFloatBuffer().array();
    } catch (OrtException e) {
      throw new IllegalStateException("PP-OCR detection failed: " + e.getMessage(), e);
    }
    List<Rect> boxes = new ArrayList<>();
    try (Mat bitmap = new Mat(rh, rw, CV_8U);
        MatVector contours = new MatVector();
        Mat hierarchy = new Mat()) {
      UByteIndexer bi = bitmap.createIndexer();
      for (int y = 0; y < rh; y++) {
        for (int x = 0; x < rw; x++) {
          bi.put(y, x, prob[y * rw + x] > binThreshold ? 255 : 0);
        }
      }
      bi.close();
      findContours(bitmap, contours, hierarchy, RETR_LIST, CHAIN_APPROX_SIMPLE);
      double sx = w / (double) rw;
      double sy = h / (double) rh;
      for (long i = 0; i < contours.size(); i++) {
        Mat c = contours.get(i);
        Rect b = boundingRect(c);
        if (Math.min(b.width(), b.height()) < 2) {
          continue;
        }
        double score = meanProb(prob, rw, b);
        if (score < boxThreshold) {
          continue;
        }
        // unclip: DB shrinks text regions when training; grow them back by area·ratio/perimeter
        double area = Math.max(contourArea(c), b.width() * b.height() * 0.5);
        double d = area * 1.5 / (2.0 * (b.width() + b.height()));
        int x0 = (int) Math.max(0, Math.floor((b.x() - d) * sx));
        int y0 = (int) Math.max(0, Math.floor((b.y() - d) * sy));
        int x1 = (int) Math.min(w, Math.ceil((b.x() + b.width() + d) * sx));
        int y1 = (int) Math.min(h, Math.ceil((b.y() + b.height() + d) * sy));
        if (x1 - x0 >= 4 && y1 - y0 >= 4) {
          boxes.add(new Rect(x0, y0, x1 - x0, y1 - y0));
        }
      }
    }
    return mergeLines(boxes);
  }

  /** Boxes that overlap vertically and lie close side by side are one line (keeps a lone "I"). */
  static List<Rect> mergeLines(List<Rect> boxes) {
    List<Rect> sorted = new ArrayList<>(boxes);
    sorted.sort(Comparator.comparingInt(Rect::x));
    List<Rect> out = new ArrayList<>();
    for (Rect b : sorted) {
      boolean merged = false;
      for (int i = 0; i < out.size() && !merged; i++) {
        Rect o = out.get(i);
        int overlap = Math.min(o.y() + o.height(), b.y() + b.height()) - Math.max(o.y(), b.y());
        int minH = Math.min(o.height(), b.height());
        int gap = b.x() - (o.x() + o.width());
        if (overlap >= 0.5 * minH && gap <= 1.2 * minH && gap >= -minH) {
          int x0 = Math.min(o.x(), b.x());
          int y0 = Math.min(o.y(), b.y());
          int x1 = Math.max(o.x() + o.width(), b.x() + b.width());
          int y1 = Math.max(o.y() + o.height(), b.y() + b.height());
          out.set(i, new Rect(x0, y0, x1 - x0, y1 - y0));
          merged = true;
        }
      }
      if (!merged) {
        out.add(b);
      }
    }
    return out;
  }

  private static double meanProb(float[] prob, int rw, Rect b) {
    double s = 0;
    for (int y = b.y(); y < b.y() + b.height(); y++) {
      for (int x = b.x(); x < b.x() + b.width(); x++) {
        s += prob[y * rw + x];
      }
    }
    return s / ((double) b.width() * b.height());
  }

  /** Turns a line upside up when the angle classifier is sure it is upside down. */
  private Mat upright(Mat crop) {
    float[] input = normalized(crop, REC_HEIGHT, 192, true);
    try (OnnxTensor t =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(input), new long[] {1, 3, REC_HEIGHT, 192});
        OrtSession.Result r = cls.run(Map.of("x", t))) {
      float[] p = ((OnnxTensor) r.get(0)).getFloatBuffer().array();
      if (p[1] > 0.9f) {
        Mat turned = new Mat();
        rotate(crop, turned, ROTATE_180);
        return turned;
      }
      return crop;
    } catch (OrtException e) {
      throw new IllegalStateException("PP-OCR angle classification failed: " + e.getMessage(), e);
    }
  }

  /**
   * Recognizes one line; returns its confidence and puts the text in {@code text[0]}. The
   * Chinese-trained recognizer often lets the blank win over a word space between Latin letters,
   * yet it still gives the space class some probability there and none inside a word: a pair of
   * Latin characters gets a space when that probability reaches {@link #SPACE_PROBABILITY} at some
   * step between them.
   */
  private double recognize(Mat crop, String[] text) {
    int width =
        Math.max(
            16, Math.min(1600, (int) Math.ceil(REC_HEIGHT * crop.cols() / (double) crop.rows())));
    float[] input = normalized(crop, REC_HEIGHT, width, false);
    try (OnnxTensor t =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(input), new long[] {1, 3, REC_HEIGHT, width});
        OrtSession.Result r = rec.run(Map.of("x", t))) {
      OnnxTensor out = (OnnxTensor) r.get(0);
      long[] shape = out.getInfo().getShape();
      int steps = (int) shape[1];
      int classes = (int) shape[2];
      FloatBuffer p = out.getFloatBuffer();
      List<String> decoded = new ArrayList<>();
      List<Float> spaceBefore = new ArrayList<>();
      int space = chars.length - 1;
      float spaceSince = 0;
      double confSum = 0;
      int kept = 0;
      int last = 0;
      for (int s = 0; s < steps; s++) {
        spaceSince = Math.max(spaceSince, p.get(s * classes + space));
        int best = 0;
        float bestP = -1;
        for (int c = 0; c < classes; c++) {
          float v = p.get(s * classes + c);
          if (v > bestP) {
            bestP = v;
            best = c;
          }
        }
        if (best != 0 && best != last && best < chars.length) {
          decoded.add(chars[best]);
          spaceBefore.add(spaceSince);
          spaceSince = 0;
          confSum += bestP;
          kept++;
        }
        last = best;
      }
      text[0] = withSpaces(decoded, spaceBefore);
      return kept == 0 ? 0 : confSum / kept;
    } catch (OrtException e) {
      throw new IllegalStateException("PP-OCR recognition failed: " + e.getMessage(), e);
    }
  }

  /** The decoded characters, with a space where a Latin pair's space probability says so. */
  static String withSpaces(List<String> chars, List<Float> spaceBefore) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < chars.size(); i++) {
      String c = chars.get(i);
      if (i > 0
          && isLatin(chars.get(i - 1))
          && isLatin(c)
          && spaceBefore.get(i) >= SPACE_PROBABILITY) {
        sb.append(' ');
      }
      sb.append(c);
    }
    return sb.toString().replaceAll(" +", " ");
  }

  private static boolean isLatin(String c) {
    return !c.isEmpty() && c.codePointAt(0) < 0x250 && Character.isLetterOrDigit(c.codePointAt(0));
  }

  /**
   * The crop resized to height {@code h} keeping its aspect (at most width {@code w}, right-padded
   * with zeros when {@code pad}), scaled to [-1, 1], CHW in BGR order as PaddleOCR trains.
   */
  private static float[] normalized(Mat crop, int h, int w, boolean pad) {
    int rw = pad ? Math.min(w, (int) Math.ceil(h * crop.cols() / (double) crop.rows())) : w;
    rw = Math.max(1, rw);
    float[] out = new float[3 * h * w];
    try (Mat resized = new Mat()) {
      resize(crop, resized, new Size(rw, h), 0, 0, INTER_LINEAR);
      UByteIndexer ix = resized.createIndexer();
      int plane = h * w;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < rw; x++) {
          for (int c = 0; c < 3; c++) {
            out[c * plane + y * w + x] = (ix.get(y, x, c) / 255f - 0.5f) / 0.5f;
          }
        }
      }
      ix.close();
    }
    return out;
  }

  @Override
  public void close() {
    // the sessions are the JVM's (Onnx), shared with every other user of the model
  }
}
