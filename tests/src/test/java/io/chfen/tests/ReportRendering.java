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
                "--window-size=1200,4200",
                "--screenshot=" + shot,
                "--dump-dom",
                html.toUri().toString())
            .redirectErrorStream(false)
            .start();
    byte[] dom = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
    assertEquals(0, p.exitValue(), "chromium: " + err);
    String rendered = new String(dom, StandardCharsets.UTF_8);
    for (String id : SECTIONS) {
      assertTrue(rendered.contains("id=\"" + id + "\""), "section " + id + " rendered");
    }
    assertTrue(!err.contains("Uncaught") && !err.contains("ERR_"), "no page errors: " + err);
    BufferedImage png = ImageIO.read(shot.toFile());
    assertNotNull(png, "screenshot written: " + shot);
    assertEquals(1200, png.getWidth());
  }
}
