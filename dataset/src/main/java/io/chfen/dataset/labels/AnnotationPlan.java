package io.chfen.dataset.labels;

import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.records.EncodedSample;
import io.chfen.records.Modality;
import io.chfen.records.ModalityResult;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Analysis;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.ShardManifest;
import io.chfen.schemas.Status;
import io.chfen.schemas.Tensors;
import io.chfen.storage.Storage;
import io.chfen.storage.StoredRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The next batch to label: annotation time goes where it changes the dataset most. First the videos
 * whose annotators disagree (lowest agreement first: they need adjudication or more eyes), then
 * those with fewer annotators than wanted, then unannotated ones spread over language and source
 * (the group with the fewest annotated videos first, the groups in turn), so the labels cover the
 * dataset instead of its largest group. A video whose subtitles or audio failed is never sent: an
 * annotator would judge a modality the dataset does not have.
 */
public final class AnnotationPlan {
  /**
   * A processed video: its group, why it may not be sent (null: it may), its mean alpha over the
   * judged modalities (null: not annotated or undefined), how many annotators judged it, and where
   * the facial expression model disagrees strongly with them ({@link ModelRater}; null: nowhere, or
   * no model prior).
   */
  public record Candidate(
      String video,
      String language,
      String source,
      String excluded,
      Double alpha,
      int annotators,
      String modelDisagrees) {}

  /** A video of the batch and why it was chosen. */
  public record Pick(String video, String why) {}

  /** The batch, and the videos that were not eligible with why. */
  public record Plan(List<Pick> picks, List<String> excluded) {}

  /** The analyses whose failure keeps a video from being labelled. */
  static final List<String> NEEDED = List.of(Analysis.SUBTITLES, Analysis.AUDIO);

  private AnnotationPlan() {}

  /**
   * At most {@code size} videos of {@code all}: low agreement (alpha under {@code floor}) first,
   * then model-versus-human disagreement, then fewer than {@code annotatorsWanted} annotators, then
   * not annotated, by coverage.
   */
  public static Plan plan(List<Candidate> all, int size, double floor, int annotatorsWanted) {
    List<Pick> picks = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    List<Candidate> low = new ArrayList<>();
    List<Candidate> model = new ArrayList<>();
    List<Candidate> few = new ArrayList<>();
    Map<String, List<Candidate>> fresh = new TreeMap<>();
    Map<String, Integer> annotatedPerGroup = new HashMap<>();
    for (Candidate c : all) {
      if (c.excluded() != null) {
        excluded.add(c.video() + ": " + c.excluded());
        continue;
      }
      if (c.annotators() > 0) {
        annotatedPerGroup.merge(group(c), 1, Integer::sum);
      }
      if (c.annotators() >= 2 && c.alpha() != null && c.alpha() < floor) {
        low.add(c);
      } else if (c.annotators() > 0 && c.modelDisagrees() != null) {
        model.add(c);
      } else if (c.annotators() > 0 && c.annotators() < annotatorsWanted) {
        few.add(c);
      } else if (c.annotators() == 0) {
        fresh.computeIfAbsent(group(c), k -> new ArrayList<>()).add(c);
      }
    }
    low.sort(Comparator.comparingDouble(Candidate::alpha).thenComparing(Candidate::video));
    for (Candidate c : low) {
      picks.add(
          new Pick(
              c.video(),
              String.format(Locale.ROOT, "low agreement (alpha %.3f < %s)", c.alpha(), floor)));
    }
    model.sort(Comparator.comparing(Candidate::video));
    for (Candidate c : model) {
      picks.add(new Pick(c.video(), "model and annotators disagree: " + c.modelDisagrees()));
    }
    few.sort(Comparator.comparingInt(Candidate::annotators).thenComparing(Candidate::video));
    for (Candidate c : few) {
      picks.add(
          new Pick(c.video(), c.annotators() + " of " + annotatorsWanted + " annotators so far"));
    }
    // the groups in turn, the least covered first; a group's videos in id order
    List<String> groups = new ArrayList<>(fresh.keySet());
    groups.sort(
        Comparator.comparingInt((String g) -> annotatedPerGroup.getOrDefault(g, 0))
            .thenComparing(g -> g));
    Map<String, Integer> next = new LinkedHashMap<>();
    fresh.values().forEach(l -> l.sort(Comparator.comparing(Candidate::video)));
    boolean any = true;
    while (any) {
      any = false;
      for (String g : groups) {
        int i = next.getOrDefault(g, 0);
        List<Candidate> l = fresh.get(g);
        if (i < l.size()) {
          any = true;
          next.put(g, i + 1);
          picks.add(
              new Pick(
                  l.get(i).video(),
                  "not annotated ("
                      + g
                      + ": "
                      + annotatedPerGroup.getOrDefault(g, 0)
                      + " annotated so far)"));
        }
      }
    }
    return new Plan(picks.subList(0, Math.min(size, picks.size())), excluded);
  }

  private static String group(Candidate c) {
    return "language " + c.language() + ", source " + c.source();
  }

  /**
   * The processed videos of {@code run} as candidates, with what {@code labels} (null: none yet)
   * says of them.
   */
  public static List<Candidate> candidates(Location run, Consensus labels) throws IOException {
    RunLayout layout = RunLayout.at(run);
    Map<String, VideoMetadata> meta = new HashMap<>();
    for (VideoMetadata m :
        StoredRecords.<VideoMetadata>readAll(layout.metadata(), Schemas.VIDEO_METADATA)) {
      meta.put(m.getId(), m);
    }
    Map<String, String> modelDisagrees = new HashMap<>();
    if (labels != null && Storage.hasFiles(layout.shards())) {
      List<ModelRater.Video> rated = new ArrayList<>();
      for (String split : ShardManifest.SPLITS) {
        for (EncodedSample r :
            StoredRecords.<EncodedSample>readAll(
                layout.shards().child(split), Schemas.ENCODED_SAMPLE)) {
          Optional<Consensus.VideoLabels> l = labels.video(r.getId());
          Consensus.ModalityLabel visual =
              l.isEmpty() ? null : l.get().modalities().get(Modality.VISUAL);
          if (r.getVisualPriorMask() && visual != null) {
            rated.add(
                new ModelRater.Video(
                    r.getId(),
                    Tensors.floats(r.getVisualPrior()),
                    visual.annotators(),
                    visual.intensity()));
          }
        }
      }
      for (ModelRater.Disagreement d : ModelRater.rate(rated).disagreements()) {
        modelDisagrees.merge(
            d.video(),
            d.emotion().name().toLowerCase(Locale.ROOT) + ", " + d.what(),
            (a, b) -> a + "; " + b);
      }
    }
    List<Candidate> out = new ArrayList<>();
    for (VideoArtifacts v :
        StoredRecords.<VideoArtifacts>readAll(layout.processed(), Schemas.VIDEO_ARTIFACTS)) {
      VideoMetadata m = meta.get(v.getId());
      String excluded = null;
      for (String a : NEEDED) {
        ModalityResult r = v.getModalities().get(a);
        if (r != null && Status.FAILED.equals(r.getStatus())) {
          excluded = a + " failed (" + r.getReason() + ")";
          break;
        }
      }
      Double alpha = null;
      int annotators = 0;
      Optional<Consensus.VideoLabels> l =
          labels == null ? Optional.empty() : labels.video(v.getId());
      if (l.isPresent()) {
        double sum = 0;
        int n = 0;
        for (Consensus.ModalityLabel ml : l.get().modalities().values()) {
          annotators = Math.max(annotators, ml.annotators());
          if (ml.alpha() != null) {
            sum += ml.alpha();
            n++;
          }
        }
        alpha = n == 0 ? null : sum / n;
      }
      out.add(
          new Candidate(
              v.getId(),
              m == null || m.getLanguage() == null ? "unknown" : m.getLanguage(),
              m == null ? "unknown" : m.getSource(),
              excluded,
              alpha,
              annotators,
              modelDisagrees.get(v.getId())));
    }
    out.sort(Comparator.comparing(Candidate::video));
    return out;
  }
}
