package io.chfen.app.cli;

import io.chfen.app.print.Numbers;
import io.chfen.app.print.Summaries;
import io.chfen.app.print.Table;
import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.dataset.labels.AnnotationPlan;
import io.chfen.dataset.labels.Annotations;
import io.chfen.dataset.labels.Consensus;
import io.chfen.dataset.labels.LabelStudio;
import io.chfen.dataset.tables.Tables;
import io.chfen.files.Location;
import io.chfen.records.Annotation;
import io.chfen.records.Modality;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code chfen annotate}: hand a run's videos to Label Studio as a ready project, and read its
 * exports back into the annotations {@code chfen encode --annotations} takes.
 */
@Command(
    name = "annotate",
    mixinStandardHelpOptions = true,
    description =
        "The annotation round trip with Label Studio: export a project, import its exports.",
    subcommands = {
      AnnotateCommand.Export.class,
      AnnotateCommand.Import.class,
      AnnotateCommand.Plan.class
    })
final class AnnotateCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code chfen annotate export}. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write a Label Studio project for a run's processed videos: label-config.xml (the"
              + " labeling interface: per modality, Plutchik's 8 emotions at intensity 0-3),"
              + " tasks.json (import it as the project's data) and tasks.csv (the same for other"
              + " tools).")
  static final class Export implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "The project's directory.")
    Path out;

    @Mixin ProjectOptions project = new ProjectOptions();

    @Override
    public Integer call() throws IOException {
      LabelStudio.Tasks t = project.tasks();
      LabelStudio.writeProject(out, t.tasks(), project.separation);
      Table s = new Table("annotate export", "count");
      s.row("tasks (processed videos)", t.tasks().size());
      s.row("  with subtitles", t.tasks().stream().filter(x -> !x.subtitles().isEmpty()).count());
      s.row(
          "  with separated tracks", t.tasks().stream().filter(x -> !x.vocals().isEmpty()).count());
      s.row("kept videos not processed (not exported)", t.notProcessed().size());
      System.out.print(s);
      t.notProcessed().forEach(v -> System.out.println("  not exported: " + v));
      System.out.println(
          "Project: "
              + out.resolve(LabelStudio.CONFIG_FILE)
              + ", "
              + out.resolve(LabelStudio.TASKS_FILE)
              + ", "
              + out.resolve(LabelStudio.TASKS_CSV));
      return 0;
    }
  }

  /** {@code chfen annotate import}. */
  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description =
          "Read a Label Studio export (JSON, JSON_MIN or CSV) of a project chfen annotate export"
              + " wrote into annotations (CSV: video,annotator,modality,emotion,intensity) for"
              + " chfen encode --annotations; malformed annotations are named with their task and"
              + " cause, skipped and superseded ones counted; prints the agreement.")
  static final class Import implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "Label Studio's export file.")
    Path from;

    @Option(names = "--out", required = true, description = "The annotations CSV to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(from)) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--from " + from + " is not a file");
      }
      LabelStudio.Import in = LabelStudio.read(from);
      Annotations.write(out, in.rows());
      Table s = new Table("annotate import", "count");
      s.row("annotation rows", in.rows().size());
      s.row("videos", in.rows().stream().map(Annotation::getVideoId).distinct().count());
      s.row("annotators", in.rows().stream().map(Annotation::getAnnotatorId).distinct().count());
      s.row("annotations rejected", in.rejected().size());
      s.row("annotations skipped or superseded", in.skipped().size());
      System.out.print(s);
      in.rejected().forEach(r -> System.out.println("  rejected " + r));
      in.skipped().forEach(r -> System.out.println("  not read " + r));
      if (!in.rows().isEmpty()) {
        Consensus consensus = new Consensus(in.rows(), new EncodeSpec().agreementFloor);
        Consensus.Agreement a = consensus.agreement();
        Table t = new Table("agreement", "Krippendorff's alpha");
        for (Modality m : Modality.values()) {
          Double v = a.perModality().get(m);
          t.row(m.name().toLowerCase(Locale.ROOT), v == null ? "-" : Numbers.fixed(v, 3));
        }
        a.perEmotion()
            .forEach(
                (e, v) ->
                    t.row(
                        "  " + e.name().toLowerCase(Locale.ROOT),
                        v == null ? "-" : Numbers.fixed(v, 3)));
        t.row(
            "low agreement videos",
            a.lowAgreementVideos() + " of " + a.videos() + " (alpha < " + a.floor() + ")");
        consensus
            .perAnnotator()
            .forEach(
                (who, v) ->
                    t.row(
                        "annotator " + who + " vs the rest",
                        v == null ? "-" : Numbers.fixed(v, 3)));
        System.out.println();
        System.out.print(t);
        List<Consensus.Disagreement> d = consensus.disagreements();
        Path list = disagreements(out);
        StringBuilder rows = new StringBuilder("video,modality,alpha,annotators,spread\n");
        for (Consensus.Disagreement x : d) {
          rows.append(x.video())
              .append(',')
              .append(x.modality().name().toLowerCase(Locale.ROOT))
              .append(',')
              .append(x.alpha() == null ? "" : Numbers.fixed(x.alpha(), 3))
              .append(',')
              .append(x.annotators())
              .append(',')
              .append(
                  String.join(
                      " ",
                      x.spread().stream().map(e -> e.name().toLowerCase(Locale.ROOT)).toList()))
              .append('\n');
        }
        Files.writeString(list, rows, StandardCharsets.UTF_8);
        System.out.println(
            d.size()
                + " video modalities to adjudicate (alpha under the floor, or intensities two"
                + " apart): "
                + list);
      }
      System.out.println("Annotations: " + out + " (chfen encode --annotations " + out + ")");
      return 0;
    }

    /** The adjudication list written beside the annotations: {@code labels.disagreements.csv}. */
    static Path disagreements(Path annotations) {
      String name = annotations.getFileName().toString();
      int dot = name.lastIndexOf('.');
      return annotations.resolveSibling(
          (dot > 0 ? name.substring(0, dot) : name) + ".disagreements.csv");
    }
  }

  /** {@code chfen annotate plan}. */
  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      description =
          "Choose the next batch to label and write it as a Label Studio project (plan.csv: each"
              + " video and why): videos of low agreement first, then those with fewer annotators"
              + " than wanted, then unannotated ones spread over language and source; never a"
              + " video whose subtitles or audio failed.")
  static final class Plan implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "The batch's project directory.")
    Path out;

    @Option(
        names = "--annotations",
        description = "The annotations so far (chfen annotate import's CSV); none: a first batch.")
    Path annotations;

    @Option(names = "--size", defaultValue = "20", description = "Videos in the batch.")
    int size;

    @Option(
        names = "--annotators",
        defaultValue = "3",
        description = "Annotators wanted per video (default ${DEFAULT-VALUE}).")
    int annotators;

    @Mixin ProjectOptions project = new ProjectOptions();

    /** The batch's list beside its project. */
    static final String PLAN_FILE = "plan.csv";

    @Override
    public Integer call() throws IOException {
      Consensus labels = null;
      double floor = new EncodeSpec().agreementFloor;
      if (annotations != null) {
        Annotations.Import in = Annotations.read(annotations);
        Summaries.annotations(annotations.toString(), in, System.out);
        labels = new Consensus(in.rows(), floor);
      }
      // first: it sets up the run's storage (a bucket's options) for the reading below
      LabelStudio.Tasks all = project.tasks();
      AnnotationPlan.Plan plan =
          AnnotationPlan.plan(
              AnnotationPlan.candidates(project.in, labels), size, floor, annotators);
      List<String> chosen = plan.picks().stream().map(AnnotationPlan.Pick::video).toList();
      List<LabelStudio.Task> tasks = new ArrayList<>();
      for (String id : chosen) {
        all.tasks().stream().filter(t -> t.videoId().equals(id)).forEach(tasks::add);
      }
      LabelStudio.writeProject(out, tasks, project.separation);
      StringBuilder csv = new StringBuilder("video,why\n");
      Table t = new Table("video", "why");
      for (AnnotationPlan.Pick p : plan.picks()) {
        csv.append(Tables.csvCell(p.video()))
            .append(',')
            .append(Tables.csvCell(p.why()))
            .append('\n');
        t.row(p.video(), p.why());
      }
      Files.writeString(out.resolve(PLAN_FILE), csv, StandardCharsets.UTF_8);
      System.out.println("Next batch (" + plan.picks().size() + " of at most " + size + ")");
      System.out.print(t);
      plan.excluded().forEach(x -> System.out.println("  never sent: " + x));
      System.out.println(
          "Project: " + out.resolve(LabelStudio.TASKS_FILE) + ", " + out.resolve(PLAN_FILE));
      return 0;
    }
  }

  /** Where the run is and how Label Studio reaches its files: shared by export and plan. */
  static final class ProjectOptions {
    @Option(
        names = "--in",
        defaultValue = "out/demo",
        description = "A processed run, a directory or s3://… (default ${DEFAULT-VALUE}).")
    Location in;

    @Option(
        names = "--separation",
        description = "Also show the separated vocals and music (two audio players per task).")
    boolean separation;

    @Option(
        names = "--url-prefix",
        defaultValue = LabelStudio.LOCAL_FILES,
        description =
            "What local files' paths under --document-root are appended to (default"
                + " ${DEFAULT-VALUE}: Label Studio's local files; a web server's URL works"
                + " too).")
    String urlPrefix;

    @Option(
        names = "--document-root",
        description =
            "The directory local files' paths are taken relative to: Label Studio's"
                + " LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT (default: the directory --in is in, as"
                + " Label Studio's local storage must be a directory under it).")
    Location documentRoot;

    @Mixin RunnerOptions runnerOptions = new RunnerOptions();

    @Unmatched List<String> storageArgs = new ArrayList<>();

    LabelStudio.Tasks tasks() throws IOException {
      Runs.storage(runnerOptions.args(storageArgs));
      Location root = documentRoot != null ? documentRoot : in.parent() != null ? in.parent() : in;
      return LabelStudio.tasks(in, urlPrefix, root);
    }
  }
}
