package io.chfen.layout;

import io.chfen.formats.Srt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A corpus with ground truth, as the sample corpus is made and the evaluations and the report read
 * it: videos {@code cNN.mp4} (a letter per corpus, then a number), each with {@code cNN/truth/}
 * holding the truth of an artifact under that artifact's name ({@link ArtifactFiles#SUBTITLES},
 * {@link ArtifactFiles#FACES}, {@link ArtifactFiles#VOCALS}, {@link ArtifactFiles#MUSIC}) and
 * {@link #META}; {@link #INDEX} lists every file with its SHA-256.
 */
public final class GroundTruth {
  /** The corpus's index: seed, version and every file with its SHA-256. */
  public static final String INDEX = "corpus.json";

  /** What a video exercises, its speech-to-music ratio and sources. */
  public static final String META = "meta.json";

  private static final String TRUTH_DIR = "truth";

  private GroundTruth() {}

  /** The corpus's valid videos (c01.mp4 ..., f01.mp4 ...), in order. */
  public static List<Path> videos(Path corpus) throws IOException {
    try (Stream<Path> s = Files.list(corpus)) {
      return s.filter(p -> p.getFileName().toString().matches("[a-z]\\d+\\.mp4")).sorted().toList();
    }
  }

  /** The ids of {@link #videos} (c01 ...). */
  public static List<String> ids(Path corpus) throws IOException {
    return videos(corpus).stream()
        .map(p -> p.getFileName().toString().replace(".mp4", ""))
        .toList();
  }

  /** A video's truth directory. */
  public static Path truthDir(Path corpus, String id) {
    return corpus.resolve(id).resolve(TRUTH_DIR);
  }

  /** The truth of one artifact of a video (a name of {@link ArtifactFiles}, or {@link #META}). */
  public static Path truth(Path corpus, String id, String file) {
    return truthDir(corpus, id).resolve(file);
  }

  /** Every line of every video's true subtitles, trimmed, in video and cue order. */
  public static List<String> subtitleLines(Path corpus) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String id : ids(corpus)) {
      Path srt = truth(corpus, id, ArtifactFiles.SUBTITLES);
      if (Files.exists(srt)) {
        Srt.read(srt).forEach(c -> c.text().lines().map(String::trim).forEach(lines::add));
      }
    }
    return lines;
  }
}
