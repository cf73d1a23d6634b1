package io.chfen.dataset.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.dataset.ingest.IngestItem;
import io.chfen.dataset.ingest.IngestSource;
import io.chfen.dataset.ingest.ListSource;
import io.chfen.records.Annotation;
import io.chfen.records.SentimentLabel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Label files written in each dataset's documented column layout (the layouts and where they come
 * from are in the built-in mappings' comments), read through the shipped mappings.
 */
class DatasetLabelsTest {
  @TempDir Path dir;

  /** video → "emotion:intensity" of the non-absent primaries. */
  private static Map<String, String> emotions(List<Annotation> rows) {
    Map<String, String> out = new TreeMap<>();
    for (Annotation a : rows) {
      out.merge(a.getVideoId(), "", (x, y) -> x);
      if (a.getIntensity() > 0) {
        out.merge(
            a.getVideoId(),
            a.getEmotion().name().toLowerCase() + ":" + a.getIntensity(),
            (x, y) -> x.isEmpty() ? y : x + " " + y);
      }
    }
    return out;
  }

  /** MER2023/2024's label-disdim.csv: name, discrete, valence (-5..5). */
  @Test
  void merClassesMapOntoPlutchikAsDeclared() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("label-disdim.csv"),
            "name,discrete,valence\n"
                + "sample_00000001,happy,3.2\n"
                + "sample_00000002,worried,-1.5\n"
                + "sample_00000003,Neutral,0\n"
                + "sample_00000004,bored,1\n"
                + "sample_00000005,sad,-7\n"
                + "sample_00000006,,\n");
    LabelMapping m = LabelMapping.load("mer2024");
    DatasetLabels.Import r = DatasetLabels.read(f, m);
    assertEquals(6, r.rows());
    assertEquals(
        Map.of(
            "list_sample_00000001", "joy:2",
            "list_sample_00000002", "fear:1 anticipation:1",
            "list_sample_00000003", ""),
        emotions(r.emotions()));
    assertEquals(3 * 8, r.emotions().size(), "8 primaries per labelled video, absent ones at 0");
    assertTrue(r.emotions().stream().allMatch(a -> a.getAnnotatorId().equals("mer2024")));
    SentimentLabel v = r.sentiment().get("list_sample_00000002").get("overall");
    assertEquals(-1.5, v.getScore());
    assertEquals(-5, v.getMin());
    assertEquals(5, v.getMax());
    assertEquals(2, r.rejected().size(), r.rejected().toString());
    assertTrue(
        r.rejected().get(0).contains(":5: discrete 'bored' is none of"), r.rejected().get(0));
    assertTrue(
        r.rejected().get(1).contains(":6: valence -7 is outside the mapping's range [-5.0, 5.0]"),
        r.rejected().get(1));
    assertEquals(List.of(), r.notes());
  }

  /**
   * CH-SIMS v2's label.csv (MMSA): overall and per-modality sentiment, the dataset's split; the ids
   * are the ones ingest gives the same file's rows, so labels meet their videos.
   */
  @Test
  void chSimsSentimentPerModalityAndTheSameIdsAsIngest() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("label.csv"),
            "video_id,clip_id,text,label,label_T,label_A,label_V,annotation,mode\n"
                + "aqgy3_0001,00000,他笑着说没关系,0.6,0.8,0.4,0.6,Positive,train\n"
                + "aqgy3_0001,00001,\"我不知道, 真的\",-0.2,0.0,-0.4,,Negative,valid\n"
                + "aqgy3_0002,00000,好吧,0.0,0.0,0.0,0.0,Neutral,test\n");
    LabelMapping m = LabelMapping.load("ch-sims-v2");
    DatasetLabels.Import r = DatasetLabels.read(f, m);
    assertEquals(List.of(), r.rejected());
    assertEquals(List.of(), r.emotions(), "CH-SIMS has sentiment only");
    Map<String, SentimentLabel> second = r.sentiment().get("list_aqgy3_0001_00001");
    assertEquals(-0.2, second.get("overall").getScore());
    assertEquals(-0.4, second.get("acoustic").getScore());
    assertEquals(null, second.get("visual"), "an empty cell: that modality unlabelled");
    assertEquals(0.1, second.get("overall").getNeutral());

    IngestSource list = IngestSource.open(f, ListSource.Columns.DEFAULT.with(m.columns));
    assertEquals(
        r.sentiment().keySet(),
        new java.util.TreeSet<>(list.items().stream().map(IngestItem::id).toList()));
    IngestItem first = list.items().get(0);
    assertEquals(dir.resolve("Raw/aqgy3_0001/00000.mp4").toString(), first.file());
    assertEquals("train", first.split());
    assertEquals("他笑着说没关系", first.extra().get("text"), "the transcript is kept");
    assertEquals("validation", list.items().get(1).split());
  }

  /** CMU-MOSEI: MMSA's label.csv with the SDK's six emotion intensities (0..3) beside it. */
  @Test
  void moseiIntensitiesRoundOntoPlutchikLevels() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("mosei.csv"),
            "video_id,clip_id,text,label,annotation,mode,happy,sad,anger,surprise,disgust,fear\n"
                + "zhpQhgha_KU,10,we did it,2.0,Positive,train,2.6667,0,0,0.3333,0,0\n"
                + "zhpQhgha_KU,11,no,-1.3333,Negative,test,0,1.6667,0.6667,0,0,0\n"
                + "zhpQhgha_KU,12,eh,0,Neutral,test,0,0,0,0,0,4\n");
    DatasetLabels.Import r = DatasetLabels.read(f, LabelMapping.load("cmu-mosei"));
    assertEquals(
        Map.of("list_zhpQhgha_KU_10", "joy:3", "list_zhpQhgha_KU_11", "sadness:2 anger:1"),
        emotions(r.emotions()));
    assertEquals(1, r.rejected().size());
    assertTrue(r.rejected().get(0).contains(":4: fear 4 is outside"), r.rejected().get(0));

    // the same layout without the emotion columns: sentiment only, and said so
    Path plain =
        Files.writeString(
            dir.resolve("label.csv"),
            "video_id,clip_id,text,label,annotation,mode\nzhpQhgha_KU,10,we did it,2.0,Positive,train\n");
    DatasetLabels.Import p = DatasetLabels.read(plain, LabelMapping.load("cmu-mosei"));
    assertEquals(List.of(), p.emotions());
    assertEquals(1, p.sentiment().size());
    assertEquals(1, p.notes().size());
    assertTrue(p.notes().get(0).startsWith("no emotion columns"), p.notes().get(0));
  }

  @Test
  void aBadMappingIsRefusedWithWhatIsWrong() throws IOException {
    Path y =
        Files.writeString(
            dir.resolve("m.yaml"),
            "name: mine\nemotions:\n  class: c\n  classes:\n    glad: {happiness: 2}\n"
                + "    mad: {anger: 5}\nsentiment:\n  scores: {mood: s}\n  range: [0, 1]\n");
    IOException e = assertThrows(IOException.class, () -> LabelMapping.load(y.toString()));
    assertTrue(e.getMessage().contains("'happiness' is not a Plutchik primary"), e.getMessage());
    assertTrue(e.getMessage().contains("mad.anger: intensity must be 1..3"), e.getMessage());
    assertTrue(e.getMessage().contains("'mood' is not a modality"), e.getMessage());
    assertTrue(e.getMessage().contains("min < 0 < max"), e.getMessage());
    for (String name : LabelMapping.BUILT_IN) {
      assertEquals(name, LabelMapping.load(name).name);
    }
  }
}
