package io.chfen.app.cli.dev;

import io.chfen.app.cli.Runs;
import io.chfen.app.print.EvalTables;
import io.chfen.dataset.eval.FaceEvaluation;
import io.chfen.faces.FaceAnalyzer;
import io.chfen.faces.FaceDescriptor128;
import io.chfen.faces.FaceDetector;
import io.chfen.faces.HaarCascades;
import io.chfen.faces.UltraFace;
import io.chfen.files.FileOps;
import io.chfen.models.ModelFiles;
import io.chfen.sample.SampleData;
import io.chfen.sample.corpus.CorpusSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen dev eval faces}: face tracking and identity quality on the sample corpus. */
@Command(
    name = "faces",
    mixinStandardHelpOptions = true,
    description =
        "Score face tracks and unique persons (MOTA, IDF1, exact person count) on the sample corpus"
            + " against its truth; prints a table per video and overall, then the detector on the"
            + " real photos and Megamind.avi.")
final class EvalFaces implements Callable<Integer> {
  @Option(
      names = "--detector",
      defaultValue = "ultraface",
      description = "ultraface or haar (default ${DEFAULT-VALUE}).")
  FaceDetector.Kind detector;

  @Option(
      names = "--identity",
      defaultValue = "face-feature",
      description =
          "The identity embedding: face-feature (512-d, aligned) or face-recognition-128"
              + " (face-api's dlib-style descriptor); default ${DEFAULT-VALUE}.")
  String identity;

  @Option(
      names = "--identity-distance",
      description =
          "Cosine distance under which tracks join into one person (default: the analyzer's,"
              + " chosen for face-feature).")
  Double identityDistance;

  @Option(names = "--video", description = "Only these corpus videos (repeatable, e.g. c07).")
  List<String> videos = new ArrayList<>();

  @Option(
      names = "--keep",
      paramLabel = "DIR",
      description = "Keep each video's faces.json and crops under DIR/<video>/.")
  Path keep;

  @Override
  public Integer call() throws Exception {
    if (detector == FaceDetector.Kind.NONE) {
      throw new IllegalArgumentException("--detector: ultraface or haar");
    }
    Path corpus = Runs.media(null);
    Path out = keep != null ? keep : Files.createTempDirectory("chfen-eval-faces");
    FaceEvaluation eval = new FaceEvaluation(corpus, out);
    FaceAnalyzer.Settings settings = new FaceAnalyzer.Settings();
    settings.detector = detector;
    if (!List.of("face-feature", FaceDescriptor128.MODEL).contains(identity)) {
      throw new IllegalArgumentException(
          "--identity: face-feature or " + FaceDescriptor128.MODEL + ", not " + identity);
    }
    settings.identityModel = identity;
    if (identityDistance != null) {
      settings.identityDistance = identityDistance;
    }
    List<String> ids = videos.isEmpty() ? FaceEvaluation.videos(corpus) : videos;
    List<FaceEvaluation.Result> results = new ArrayList<>();
    for (String id : ids) {
      System.err.printf("eval faces: %s (%d/%d) ...%n", id, results.size() + 1, ids.size());
      results.add(eval.run(id, settings, ModelFiles.dir()));
    }
    System.out.print(EvalTables.faces(results));
    System.out.println();
    CorpusSources sources = new CorpusSources(SampleData.sourcesDir());
    FaceDetector d =
        detector == FaceDetector.Kind.HAAR
            ? new HaarCascades()
            : UltraFace.shared(ModelFiles.dir());
    List<FaceEvaluation.LabelledPhoto> photos =
        sources.people().stream()
            .map(
                p ->
                    new FaceEvaluation.LabelledPhoto(
                        p.id(),
                        p.photo(),
                        new FaceDetector.Face(
                            p.face().x, p.face().y, p.face().width, p.face().height, 1)))
            .toList();
    System.out.print(EvalTables.photos(FaceEvaluation.photoRecall(d, photos)));
    System.out.println();
    Map<String, Double> m = eval.unlabelled(sources.megamind(), settings, ModelFiles.dir());
    System.out.printf(
        Locale.ROOT,
        "Megamind.avi (CGI, no truth): faces on %.0f%% of samples, %d tracks, %d persons%n",
        100 * m.get("samplesWithFaces"),
        m.get("tracks").intValue(),
        m.get("persons").intValue());
    if (keep == null) {
      FileOps.deleteTree(out);
    }
    return 0;
  }
}
