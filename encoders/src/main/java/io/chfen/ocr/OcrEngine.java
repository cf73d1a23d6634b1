package io.chfen.ocr;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Reads the text lines in an image region (8-bit BGR). Implementations say in their javadoc whether
 * one instance may be shared across threads.
 */
public interface OcrEngine extends AutoCloseable {
  /** The engines a run can choose, and none (no subtitle OCR). */
  enum Kind {
    /** PP-OCRv4 through ONNX Runtime: the default. */
    PPOCR,
    /** Tesseract through Tess4J, on PP-OCR's detected lines. */
    TESSERACT,
    /** No subtitle OCR. */
    NONE;

    /** The name on the command line and in reports. */
    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Short name for reports: ppocr, tesseract. */
  String name();

  /** Lines found in {@code bgr}, top to bottom; empty when there is no text. */
  List<OcrLine> read(Mat bgr);

  @Override
  void close();
}
