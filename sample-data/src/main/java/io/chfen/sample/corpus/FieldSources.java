package io.chfen.sample.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the field corpus's material lies once {@code scripts/sample-sources.sh} has run: footage
 * and pictures of {@code opencv-doc}, and two packages unpacked (not installed) under the sources
 * directory: {@code ktuberling-data}'s recorded voices and {@code lincity-ng-data}'s music.
 */
final class FieldSources {
  /** Each package the field corpus draws on, and its licence. */
  static final Map<String, String> LICENCES =
      Map.of(
          "opencv-doc",
          "footage vtest.avi, tree.avi, Megamind.avi; opencv-logo.png; imageTextR.png (Debian"
              + " opencv-doc), Apache-2.0 / BSD-3-Clause",
          "ktuberling-data",
          "recorded voices of KTuberling, one speaker per language (Debian ktuberling-data),"
              + " GPL-2+",
          "lincity-ng-data",
          "music by pronobozo and Robert van Herk for LinCity-NG (Debian lincity-ng-data), GPL-2+",
          "fonts",
          "Noto CJK (OFL-1.1), WenQuanYi Micro Hei (Apache-2.0 / GPL-3 with font exception),"
              + " DejaVu (Bitstream Vera licence)");

  private final Path sources;

  FieldSources(Path sourcesDir) {
    this.sources = sourcesDir;
  }

  Path footage(String name) {
    return CorpusSources.OPENCV_DATA.resolve(name);
  }

  Path logo() {
    return CorpusSources.OPENCV_DATA.resolve("opencv-logo.png");
  }

  /** A photographed page of text, shown drifting across the footage as scene text. */
  Path sceneText() {
    return CorpusSources.OPENCV_DATA.resolve("imageTextR.png");
  }

  Path voices() {
    return sources.resolve("ktuberling/usr/share/ktuberling/sounds");
  }

  Path song(String name) {
    return sources.resolve("lincity-ng/usr/share/games/lincity-ng/music/default").resolve(name);
  }

  /** Fails with the command that installs what is missing. */
  void check(List<String> footage, List<String> songs) throws IOException {
    List<Path> needed = new java.util.ArrayList<>(List.of(logo(), sceneText(), voices()));
    footage.forEach(f -> needed.add(footage(f)));
    songs.forEach(s -> needed.add(song(s)));
    for (Path p : needed) {
      if (!Files.exists(p)) {
        throw new IOException(
            "field corpus source "
                + p
                + " is missing: run scripts/sample-sources.sh (scripts/setup.sh runs it)");
      }
    }
  }
}
