package io.chfen.ocr;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Reads the text lines in an image region (8-bit BGR). Implementations say in their javadoc whether
 * one instance may be shared across threads.
 */
public interface OcrEngine extends AutoCloseable {
  /** Short name for reports: ppocr, tesseract. */
  String name();

  /** Lines found in {@code bgr}, top to bottom; empty when there is no text. */
  List<OcrLine> read(Mat bgr);

  @Override
  void close();
}
