package io.chfen.sample.corpus;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the corpus's real material lies once {@code scripts/sample-sources.sh} has run, and the
 * hand-annotated face box of each real person in their photo (brow to chin, cheek to cheek; checked
 * by eye against the detector's box, ±3 px).
 */
public final class CorpusSources {
  static final Path OPENCV_DATA = Path.of("/usr/share/doc/opencv-doc/examples/data");
  static final Path ALSA_SOUNDS = Path.of("/usr/share/sounds/alsa");
  static final Path SONGS = Path.of("/usr/share/games/fretsonfire/data/songs/muldjord");

  /** A real person: their photo and the face box in it (pixels). */
  public record Person(String id, String name, Path photo, Rectangle face) {}

  private final Path skimage;

  public CorpusSources(Path sourcesDir) {
    this.skimage = sourcesDir.resolve("skimage");
  }

  public List<Person> people() {
    return List.of(
        new Person(
            "astronaut",
            "Eileen Collins (NASA portrait, scikit-image astronaut.png)",
            skimage.resolve("astronaut.png"),
            new Rectangle(172, 72, 106, 114)),
        new Person(
            "footballer",
            "Lionel Messi (OpenCV sample messi5.jpg)",
            OPENCV_DATA.resolve("messi5.jpg"),
            new Rectangle(225, 89, 32, 43)),
        new Person(
            "cameraman",
            "The cameraman (scikit-image camera.png)",
            skimage.resolve("camera.png"),
            new Rectangle(182, 116, 72, 78)));
  }

  Person person(String id) {
    return people().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
  }

  Path photo(String name) {
    return OPENCV_DATA.resolve(name);
  }

  public Path megamind() {
    return OPENCV_DATA.resolve("Megamind.avi");
  }

  /** A song's two stems (backing and guitar) of the Frets on Fire muldjord pack. */
  List<Path> song(String name) {
    return List.of(
        SONGS.resolve(name).resolve("song.ogg"), SONGS.resolve(name).resolve("guitar.ogg"));
  }

  Path alsa(String name) {
    return ALSA_SOUNDS.resolve(name + ".wav");
  }

  /** Fails with the command that installs what is missing. */
  void check() throws IOException {
    List<Path> needed =
        List.of(
            megamind(),
            photo("messi5.jpg"),
            skimage.resolve("astronaut.png"),
            skimage.resolve("camera.png"),
            alsa("Front_Center"),
            SONGS);
    for (Path p : needed) {
      if (!Files.exists(p)) {
        throw new IOException(
            "corpus source "
                + p
                + " is missing: run scripts/sample-sources.sh (scripts/setup.sh runs it)");
      }
    }
    if (!Files.isExecutable(Path.of("/usr/bin/espeak-ng"))) {
      throw new IOException("espeak-ng is missing: run scripts/sample-sources.sh");
    }
  }

  /** What each source is and its licence, for SOURCES.md and meta.json. */
  static final Map<String, String> LICENCES =
      Map.of(
          "opencv-doc", "OpenCV sample data (Debian opencv-doc), Apache-2.0 / BSD-3-Clause",
          "scikit-image",
              "scikit-image sample data (Debian python3-skimage): astronaut.png is a NASA photograph (public domain), camera.png is distributed with no known restrictions",
          "alsa-utils", "ALSA test sounds (Debian alsa-utils), GPL-2",
          "fretsonfire-songs-muldjord",
              "Frets on Fire songs by Muldjord (Debian fretsonfire-songs-muldjord), CC-BY-SA 3.0",
          "espeak-ng",
              "speech synthesized by espeak-ng (Debian espeak-ng); its output is not covered by its GPL-3",
          "fonts",
              "Noto CJK (OFL-1.1), WenQuanYi Micro Hei (Apache-2.0 / GPL-3 with font exception), DejaVu (Bitstream Vera licence)");
}
