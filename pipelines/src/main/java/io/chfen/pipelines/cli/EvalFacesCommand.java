package io.chfen.pipelines.cli;

import io.chfen.corpus.CorpusSources;
import io.chfen.eval.FaceEvaluation;
import io.chfen.faces.FaceAnalyzer;
import io.chfen.faces.FaceDetector;
import io.chfen.faces.HaarCascades;
import io.chfen.faces.UltraFace;
import io.chfen.models.ModelFiles;
import io.chfen.pipelines.Table;
import io.chfen.samplesite.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen eval-faces}: face tracking and identity quality on the sample corpus. */
@Command(
    name = "eval-faces",
    mixinStandardHelpOptions = true,
    description =
        "Score face tracks and unique persons (MOTA, IDF1, exact person count) on the sample corpus"
            + " against its truth; prints a table per video and overall, then the detector on the"
            + " real photos and Megamind.avi.")
final class EvalFacesCommand implements Callable<Integer> {
  @Option(
      names = "--detector",
      defaultValue = "ultraface",
      description = "ultraface or haar (default ${DEFAULT-VALUE}).")
  String detector;

  @Option(names = "--video", description = "Only these corpus videos (repeatable, e.g. c07).")
  List<String> videos = new ArrayList<>();

  @Option(
      names = "--keep",
      paramLabel = "DIR",
      description = "Keep each video's faces.json and crops under DIR/<video>/.")
  Path keep;

  @Override
  public Integer call() throws Exception {
    Path corpus = DemoCommand.mediaDir(null);
    Path out = keep != null ? keep : Files.createTempDirectory("chfen-eval-faces");
    FaceEvaluation eval = new FaceEvaluation(corpus, out);
    FaceAnalyzer.Settings settings = new FaceAnalyzer.Settings();
    settings.detector = detector;
    List<String> ids = videos.isEmpty() ? FaceEvaluation.videos(corpus) : videos;
    Table rows = FaceEvaluation.table();
    List<FaceEvaluation.Result> results = new ArrayList<>();
    for (String id : ids) {
      System.err.printf("eval-faces: %s (%d/%d) ...%n", id, results.size() + 1, ids.size());
      FaceEvaluation.Result r = eval.run(id, settings, ModelFiles.dir());
      results.add(r);
      FaceEvaluation.row(
          rows, id, Integer.toString(r.truthPersons()), Integer.toString(r.persons()), r.score());
    }
    FaceEvaluation.Score all = FaceEvaluation.total(results);
    FaceEvaluation.row(rows, "all", "", all.exactCount + "/" + all.videos + " exact", all);
    System.out.print(rows);
    System.out.println();
    Table photos = new Table("photo", "person", "found", "best IoU", "boxes");
    CorpusSources sources = new CorpusSources(SampleData.sourcesDir());
    FaceDetector d =
        detector.equals("haar") ? new HaarCascades() : UltraFace.shared(ModelFiles.dir());
    FaceEvaluation.photoRecall(photos, d, sources.people());
    System.out.print(photos);
    System.out.println();
    Map<String, Double> m = eval.unlabelled(sources.megamind(), settings, ModelFiles.dir());
    System.out.printf(
        Locale.ROOT,
        "Megamind.avi (CGI, no truth): faces on %.0f%% of samples, %d tracks, %d persons%n",
        100 * m.get("samplesWithFaces"),
        m.get("tracks").intValue(),
        m.get("persons").intValue());
    if (keep == null) {
      io.chfen.files.FileOps.deleteTree(out);
    }
    return 0;
  }
}
