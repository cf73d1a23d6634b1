package io.chfen.ocr;

/**
 * One line of text read from an image region.
 *
 * @param x left edge in the region's pixels
 * @param confidence the engine's confidence, 0–1
 */
public record OcrLine(int x, int y, int width, int height, String text, double confidence) {
  public double centerY() {
    return y + height / 2.0;
  }
}
