package io.chfen.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** The quality report as a browser sees it: Debian's Chromium, headless. */
final class ReportRendering {
  private static final List<String> SECTIONS =
      List.of(
          "overview",
          "losses",
          "media",
          "cost",
          "coverage",
          "quality",
          "truth",
          "labels",
          "duplicates",
          "worst");

  private ReportRendering() {}

  /** Checks the page's images and renders it to {@code screenshot}. */
  static void check(Path html, Path screenshot) throws Exception {
    String page = Files.readString(html);
    Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(page);
    int images = 0;
    while (m.find()) {
      BufferedImage img =
          ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
      assertNotNull(img, "image " + images + " decodes");
      assertTrue(img.getWidth() >= 500, "image " + images);
      images++;
    }
    assertTrue(images >= 7, images + " charts");
    assertTrue(!page.contains("src=\"http"), "self-contained: nothing fetched");

    String rendered = render(html, screenshot, 4200);
    for (String id : SECTIONS) {
      assertTrue(rendered.contains("id=\"" + id + "\""), "section " + id + " rendered");
    }
  }

  /**
   * Renders {@code html} in headless Chromium to {@code screenshot} (1200 px wide, {@code height}
   * tall); returns the DOM after its scripts ran. Fails on a page error.
   */
  static String render(Path html, Path screenshot, int height) throws Exception {
    Path shot = screenshot.toAbsolutePath();
    Files.deleteIfExists(shot);
    Files.createDirectories(shot.getParent());
    Path profile = Files.createTempDirectory("chromium");
    Process p =
        new ProcessBuilder(
                "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + profile,
                "--window-size=1200," + height,
                "--enable-logging=stderr",
                "--v=0",
                "--screenshot=" + shot,
                "--dump-dom",
                html.toUri().toString())
            .redirectErrorStream(false)
            .start();
    byte[] dom = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
    assertEquals(0, p.exitValue(), "chromium: " + err);
    // console messages of the page (CONSOLE lines): an uncaught script error, a failed load
    for (String line : err.split("\n")) {
      if (line.contains("CONSOLE") || line.contains("Uncaught") || line.contains("ERR_FILE")) {
        assertTrue(
            !line.contains("Uncaught") && !line.contains("Error") && !line.contains("ERR_"),
            "page error in " + html.getFileName() + ": " + line);
      }
    }
    BufferedImage png = ImageIO.read(shot.toFile());
    assertNotNull(png, "screenshot written: " + shot);
    assertEquals(1200, png.getWidth());
    return new String(dom, StandardCharsets.UTF_8);
  }

  /**
   * The review pages: the index lists {@code videos} videos, each linking to its page, and its
   * script ran (it says how many rows are shown); one video's page renders with its sections and
   * decodable images. Screenshots of both go to {@code shots}.
   */
  static void checkReview(Path reportDir, int videos, String videoId, Path shots) throws Exception {
    Path index = reportDir.resolve("videos/index.html");
    String dom = render(index, shots.resolve("review-index.png"), 1400);
    assertTrue(dom.contains(videos + " shown"), "the index's script ran: " + videos + " shown");
    Matcher links = Pattern.compile("<a href=\"([^\"/]+\\.html)\">").matcher(dom);
    int pages = 0;
    while (links.find()) {
      assertTrue(Files.isRegularFile(index.resolveSibling(links.group(1))), links.group(1));
      pages++;
    }
    assertEquals(videos, pages, "a page per video");
    Path page = index.resolveSibling(videoId + ".html");
    String html = Files.readString(page);
    Matcher m = Pattern.compile("src=\"data:image/jpeg;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    int images = 0;
    while (m.find()) {
      assertNotNull(
          ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))),
          "image " + images + " decodes");
      images++;
    }
    assertTrue(images >= 5, images + " images on " + page);
    assertTrue(!html.contains("src=\"http"), "self-contained: nothing fetched");
    assertTrue(html.contains("<th>annotator</th>"), "each annotator's judgements on " + page);
    String rendered = render(page, shots.resolve("review-video.png"), 2400);
    for (String id :
        List.of("status", "keyframes", "persons", "timeline", "audio", "masks", "labels")) {
      assertTrue(rendered.contains("id=\"" + id + "\""), "section " + id + " on " + page);
    }
  }
}
