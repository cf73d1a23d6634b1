package io.chfen.sample.corpus;

import io.chfen.files.FileOps;
import io.chfen.layout.GroundTruth;
import io.chfen.sample.corpus.SampleCorpus.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The field corpus: eight videos made differently from the sample corpus, so that figures tuned on
 * one are checked on the other. Real footage (not photos panned) reframed as platforms do,
 * subtitles burned by libass in platform styles (not drawn by Java2D), a third or more of the cues
 * two-line or stacked Chinese over English, a logo, a ticker and scene text on screen, other
 * speakers (real recorded voices, not synthesized) and other music, mono and stereo, speech off
 * centre and in a room, at −5, 0 and +5 dB. Same layout as the sample corpus ({@link GroundTruth}):
 *
 * <pre>
 * field/
 *   corpus.json              every file, its SHA-256, what it exercises
 *   f01.mp4 ... f08.mp4      the videos (H.264 + AAC, encoded by the ffmpeg program)
 *   f01/truth/               subtitles.srt, vocals.wav, music.wav, meta.json (speech spans)
 * </pre>
 *
 * <p>Deterministic for a seed and a given ffmpeg, libass and font set.
 */
public final class FieldCorpus {
  /** Bumped when the plan or the renderer changes what the corpus contains. */
  public static final int VERSION = 2;

  private FieldCorpus() {}

  /** Makes sure the field corpus for {@code seed} is in {@code dir} (see {@link SampleCorpus}). */
  public static Path ensure(Path dir, long seed, Path sources, Consumer<String> progress)
      throws IOException {
    return SampleCorpus.ensure(
        dir, seed, VERSION, tmp -> generate(tmp, seed, sources, null, progress));
  }

  /** Generates the field corpus into {@code dir}; {@code only} (null for all) limits the videos. */
  public static List<Entry> generate(
      Path dir, long seed, Path sourcesDir, Set<String> only, Consumer<String> progress)
      throws IOException {
    FieldSources sources = new FieldSources(sourcesDir);
    sources.check(FieldPlan.FOOTAGE, FieldPlan.SONGS);
    Files.createDirectories(dir);
    Path work = Files.createTempDirectory("chfen-field");
    List<Entry> entries = new ArrayList<>();
    try {
      FieldRenderer renderer = new FieldRenderer(sources, work);
      for (FieldPlan.Spec spec : FieldPlan.videos(seed)) {
        if (only != null && !only.contains(spec.id())) {
          continue;
        }
        progress.accept(
            String.format(
                java.util.Locale.ROOT,
                "rendering %s (%dx%d, %s fps, %d cues, %s)",
                spec.id(),
                spec.width(),
                spec.height(),
                spec.fpsText(),
                spec.cues().size(),
                spec.footage()));
        renderer.render(spec, dir, seed);
        entries.add(SampleCorpus.entry(dir, spec.id() + ".mp4", spec.id(), "ok", spec.exercises()));
      }
    } finally {
      FileOps.deleteTree(work);
    }
    SampleCorpus.writeIndex(dir, VERSION, seed, entries, FieldSources.LICENCES);
    return entries;
  }
}
