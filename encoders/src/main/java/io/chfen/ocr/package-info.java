/**
 * Hard subtitles: finding the subtitle band, reading lines with PP-OCR or Tesseract, telling
 * subtitles from other on-screen text, and writing the cues.
 */
package io.chfen.ocr;
