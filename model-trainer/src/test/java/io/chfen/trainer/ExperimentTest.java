package io.chfen.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.schemas.ShardManifest;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeds and ablations on planted shards: the table, metrics.json and the plots. */
class ExperimentTest {
  @TempDir Path dir;

  @Test
  void theAblationTableShowsWhereTheSignalIs() throws Exception {
    Path shards = dir.resolve("shards");
    ShardManifest.writeShards(
        shards,
        Map.of(
            "train", Rows.planted("train", 192, 2),
            "validation", Rows.planted("validation", 64, 3),
            "test", Rows.planted("test", 256, 4)),
        1,
        1 << 16);
    TrainConfig c = new TrainConfig();
    c.model.d = 16;
    c.epochs = 10;
    c.batchSize = 32;
    c.learningRate = 3e-3f;
    Path out = dir.resolve("out");
    Experiment.Summary s = Experiment.run(c, Training.Data.open(shards), out, 2, true, null);
    assertEquals("test", s.reportSplit());
    assertEquals(Experiment.VARIANTS.size() * 2, s.runs().size());
    Scores.Spread full = s.table().get("full").get("macroF1");
    Scores.Spread noText = s.table().get("no_text").get("macroF1");
    Scores.Spread noVisual = s.table().get("no_visual").get("macroF1");
    assertEquals(2, full.runs());
    assertTrue(full.mean() > noText.mean() + 0.4, full + " vs without text " + noText);
    assertTrue(noVisual.mean() > noText.mean() + 0.4, "visual is noise: " + noVisual);
    assertEquals(512, s.full().n(), "both seeds' test rows pooled");

    JsonNode json = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertEquals(full.mean(), json.at("/table/full/macroF1/mean").asDouble(), 1e-12);
    assertEquals(Experiment.VARIANTS.size() * 2, json.get("runs").size());
    assertTrue(json.at("/runs/0/history/0/trainLoss").isNumber());
    assertTrue(json.at("/full/f1/joy").isNumber());
    assertTrue(
        json.at("/full/f1/anger").isNull(),
        "a class never seen nor guessed: null " + json.at("/full"));
    // the text carries the class: masking it out costs the prediction most, in either language
    JsonNode overall = json.at("/contributions/overall/ablation");
    double text = overall.get("text").asDouble();
    for (String other : List.of("title", "visual", "acoustic")) {
      assertTrue(text > overall.get(other).asDouble() + 0.1, "text vs " + other + ": " + overall);
    }
    assertTrue(text > 0.2, "text: " + overall);
    JsonNode languages = json.at("/contributions/byLanguage");
    assertEquals(
        512, languages.get("en").get("videos").asInt() + languages.get("zh").get("videos").asInt());
    for (String lang : List.of("en", "zh")) {
      assertTrue(
          languages.at("/" + lang + "/ablation/text").asDouble() > 0.2, lang + ": " + languages);
    }
    int byEmotion = 0;
    for (JsonNode g : json.at("/contributions/byEmotion")) {
      byEmotion += g.get("videos").asInt();
    }
    assertEquals(512, byEmotion, "every test prediction of both seeds explained");
    JsonNode perVideo = new ObjectMapper().readTree(out.resolve("contributions.json").toFile());
    assertEquals(2, perVideo.size(), "one list per seed");
    assertEquals(256, perVideo.elements().next().size());
    for (String png :
        new String[] {
          "loss.png",
          "metrics.png",
          "confusion.png",
          "contributions.png",
          "contributions-language.png"
        }) {
      BufferedImage img = ImageIO.read(out.resolve(png).toFile());
      assertTrue(img != null && img.getWidth() >= 600, png);
    }
  }

  /**
   * Rows whose class only the metadata context tells (the content is noise): the net with the
   * context in its query learns them, the net without cannot.
   */
  @Test
  void theContextAblationShowsTheContextsEffect() throws Exception {
    java.util.Random r = new java.util.Random(5);
    Map<String, List<io.chfen.records.EncodedSample>> splits = new java.util.LinkedHashMap<>();
    for (String split : List.of("train", "test")) {
      List<io.chfen.records.EncodedSample> rows = new java.util.ArrayList<>();
      for (int i = 0; i < (split.equals("train") ? 192 : 128); i++) {
        int k = i % 4;
        io.chfen.records.EncodedSample s = Rows.planted(split + i, split, k, r);
        float[] context = Rows.gaussian(r, Rows.PLANTED_D, 0.5f);
        context[k] += 2;
        float[] noise = new float[s.getSteps() * Rows.PLANTED_D];
        for (int j = 0; j < noise.length; j++) {
          noise[j] = (float) r.nextGaussian();
        }
        rows.add(
            io.chfen.records.EncodedSample.newBuilder(s)
                .setText(io.chfen.schemas.Tensors.of(noise, s.getSteps(), Rows.PLANTED_D))
                .setContext(io.chfen.schemas.Tensors.of(context, Rows.PLANTED_D))
                .setContextMask(true)
                .build());
      }
      splits.put(split, rows);
    }
    Path shards = dir.resolve("context-shards");
    ShardManifest.writeShards(shards, splits, 1, 1 << 16);
    Training.Data data = Training.Data.open(shards);
    TrainConfig c = new TrainConfig();
    c.model.d = 16;
    c.epochs = 15;
    c.batchSize = 32;
    c.learningRate = 3e-3f;
    double with =
        Training.run(c, data, dir.resolve("with"), null, null)
            .evaluations()
            .get("test")
            .scores()
            .macroF1();
    TrainConfig without = c.withSeed(c.seed);
    without.model.contextInQuery = false;
    double none =
        Training.run(without, data, dir.resolve("without"), null, null)
            .evaluations()
            .get("test")
            .scores()
            .macroF1();
    assertTrue(with > none + 0.3, "with the context " + with + ", without " + none);
  }
}
