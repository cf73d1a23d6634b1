package io.chfen.ocr;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.media.Analyzer;
import io.chfen.media.DecodeLimits;
import io.chfen.media.FrameSample;
import io.chfen.media.MediaInfo;
import io.chfen.media.SinglePassDecoder;
import io.chfen.models.ModelFiles;
import io.chfen.records.ModalityResult;
import io.chfen.sample.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both OCR engines on real corpus frames whose burned-in text is known. */
class OcrEnginesTest {
  static PaddleOcr ppocr;
  @TempDir Path tmp;

  @BeforeAll
  static void load() {
    ppocr = new PaddleOcr(ModelFiles.dir());
  }

  @AfterAll
  static void close() {
    ppocr.close();
  }

  /** The frame of a corpus video at a time, as BGR. */
  private Mat frameAt(String id, double seconds) throws Exception {
    Path png = tmp.resolve(id + "-" + seconds + ".png");
    new SinglePassDecoder(DecodeLimits.DEFAULT, 1)
        .decode(
            SampleData.corpus().resolve(id + ".mp4"),
            List.of(
                new Analyzer() {
                  boolean done;

                  @Override
                  public String modality() {
                    return "grab";
                  }

                  @Override
                  public double frameRate() {
                    return 10;
                  }

                  @Override
                  public void begin(MediaInfo info, Path outDir) {}

                  @Override
                  public void frame(FrameSample f) {
                    if (!done && f.seconds() >= seconds) {
                      org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(png.toString(), f.bgr());
                      done = true;
                    }
                  }

                  @Override
                  public ModalityResult end(double d) {
                    return Analyzer.ok(List.of(), Map.of());
                  }
                }),
            tmp);
    return imread(png.toString());
  }

  @Test
  void ppocrReadsChineseEnglishAndBilingualSubtitlesExactly() throws Exception {
    List<OcrLine> c05 = ppocr.read(frameAt("c05", 2.5));
    List<String> text = c05.stream().map(OcrLine::text).toList();
    assertTrue(text.contains("他每天清晨都会出门拍照"), text.toString());
    assertTrue(text.contains("He goes out to shoot every morning"), text.toString());
    assertTrue(text.contains("@短视频Demo"), "the watermark is text too: " + text);
    List<String> c03 = ppocr.read(frameAt("c03", 6.6)).stream().map(OcrLine::text).toList();
    assertTrue(c03.contains("真的吗，我完全没有想到"), c03.toString());
    for (OcrLine l : c05) {
      assertTrue(l.confidence() > 0.9, l.toString());
    }
  }

  @Test
  void aFrameWithoutTextGivesNoLines() throws Exception {
    assertEquals(List.of(), ppocr.read(frameAt("c08", 5.0)));
  }

  @Test
  void blankBrightDarkAndNoisyFramesGiveNoLinesFromEitherEngine() throws Exception {
    Mat noise = new Mat(720, 1280, org.bytedeco.opencv.global.opencv_core.CV_8UC3);
    org.bytedeco.opencv.global.opencv_core.randu(
        noise, new Mat(new double[] {0}), new Mat(new double[] {255}));
    List<Mat> frames =
        List.of(
            new Mat(720, 1280, org.bytedeco.opencv.global.opencv_core.CV_8UC3, Scalar.all(255)),
            new Mat(720, 1280, org.bytedeco.opencv.global.opencv_core.CV_8UC3, Scalar.all(0)),
            noise);
    try (TesseractOcr t = new TesseractOcr(ppocr)) {
      for (Mat m : frames) {
        assertEquals(List.of(), ppocr.read(m));
        assertTrue(
            t.read(m).stream().allMatch(l -> l.confidence() < 0.5),
            "Tesseract finds no confident text in a blank or noisy frame");
      }
    }
  }

  @Test
  void boldLatinSubtitlesKeepTheirWordSpaces() throws Exception {
    // bold DejaVu over a moving background: the recognizer drops word spaces unless they are
    // restored from its space-class probability
    List<String> text = ppocr.read(frameAt("c02", 1.5)).stream().map(OcrLine::text).toList();
    assertTrue(text.contains("What a goal that was"), text.toString());
  }

  @Test
  void tesseractReadsTheEnglishLineOfTheBand() throws Exception {
    Mat frame = frameAt("c05", 2.5);
    OcrLine english =
        ppocr.read(frame).stream()
            .filter(l -> l.text().startsWith("He goes"))
            .findFirst()
            .orElseThrow();
    try (TesseractOcr t = new TesseractOcr(ppocr)) {
      // a full-width strip around the line with room for a line above and below, as the subtitle
      // extractor reads a row
      int pad = 2 * english.height();
      List<OcrLine> lines =
          t.read(
              new Mat(
                  frame, new Rect(0, english.y() - pad, frame.cols(), english.height() + 2 * pad)));
      OcrLine read = lines.stream().filter(l -> l.y() > 2 * pad / 3).findFirst().orElseThrow();
      assertEquals("He goes out to shoot every morning", read.text());
      // the line's box is the detector's, not Tesseract's own layout
      assertEquals(english.x(), read.x(), 2);
    }
  }

  @Test
  void missingOrCorruptModelsAreErrorsNamingTheFileAndTheFix() throws Exception {
    IllegalStateException missing =
        assertThrows(IllegalStateException.class, () -> new PaddleOcr(tmp));
    assertTrue(
        missing.getMessage().contains(tmp.resolve(PaddleOcr.DET).toString()), missing.getMessage());
    assertTrue(missing.getMessage().contains(ModelFiles.FETCH), missing.getMessage());
    Path corrupt = tmp.resolve("models");
    Files.createDirectories(corrupt.resolve("ppocr"));
    for (String f : List.of(PaddleOcr.DET, PaddleOcr.REC, PaddleOcr.CLS, PaddleOcr.KEYS)) {
      Files.copy(ModelFiles.dir().resolve(f), corrupt.resolve(f));
    }
    Files.write(corrupt.resolve(PaddleOcr.REC), new byte[] {1, 2, 3});
    IllegalStateException bad =
        assertThrows(IllegalStateException.class, () -> new PaddleOcr(corrupt));
    assertTrue(
        bad.getMessage().contains("corrupt")
            && bad.getMessage().contains(PaddleOcr.REC.substring(6)),
        bad.getMessage());
    IllegalStateException noData =
        assertThrows(
            IllegalStateException.class, () -> new TesseractOcr(tmp, "chi_sim+eng", ppocr));
    assertTrue(noData.getMessage().contains("chi_sim.traineddata"), noData.getMessage());
  }
}
