package io.chfen.faces;

import java.nio.file.Path;
import java.util.List;

/**
 * The real photos of people the tests use, one face each, from Debian packages (unpacked by
 * scripts/sample-sources.sh): python3-skimage's astronaut and cameraman, opencv-doc's Messi.
 */
public final class RealPhotos {
  private RealPhotos() {}

  private static Path skimage(String file) {
    return Path.of(System.getProperty("chfen.home", ".chfen"), "sources", "skimage", file);
  }

  public static final Path ASTRONAUT = skimage("astronaut.png");
  public static final Path CAMERAMAN = skimage("camera.png");
  public static final Path MESSI = Path.of("/usr/share/doc/opencv-doc/examples/data/messi5.jpg");

  public static List<Path> all() {
    return List.of(ASTRONAUT, CAMERAMAN, MESSI);
  }
}
