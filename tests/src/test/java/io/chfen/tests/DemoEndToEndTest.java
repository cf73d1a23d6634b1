package io.chfen.tests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.chfen.app.cli.Chfen;
import io.chfen.dataset.labels.Annotations;
import io.chfen.dataset.labels.Consensus;
import io.chfen.dataset.labels.LabelStudio;
import io.chfen.dataset.labels.StudioExports;
import io.chfen.files.FileOps;
import io.chfen.layout.RunLayout;
import io.chfen.pipelines.StageCounter;
import io.chfen.records.Annotation;
import io.chfen.records.EncodedSample;
import io.chfen.records.Failure;
import io.chfen.records.ModalityResult;
import io.chfen.records.VideoArtifacts;
import io.chfen.sample.SampleData;
import io.chfen.sample.site.SampleSite;
import io.chfen.sample.site.SampleVideo;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.ShardManifest;
import io.chfen.schemas.Stage;
import io.chfen.schemas.Status;
import io.chfen.schemas.Tensors;
import java.net.URLDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `chfen demo` as a user runs it: the sample site served, crawled and processed, then re-run. */
class DemoEndToEndTest {
  @TempDir Path out;
  @TempDir Path ingested;

  @Test
  void demoCrawlsAndProcessesTheSampleSiteAndAReRunReusesEverything() throws Exception {
    // in a child JVM under strace: nothing leaves the machine (every model runs locally)
    Traced.Run demo =
        Traced.chfen(
            Path.of("target", "demo-connect.strace").toAbsolutePath(),
            900,
            "demo",
            "--out",
            out.toString());
    assertEquals(0, demo.exit(), "chfen demo, output in " + demo.log() + ".out");
    assertTrue(
        demo.calls().stream().anyMatch(c -> c.contains("127.0.0.1")),
        "the trace sees the crawler reach the sample site: " + demo.log());
    assertEquals(List.of(), demo.offMachine(), "connections off the machine");
    assertFalse(
        Traced.local(
            "connect(9, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"93.184.215.14\")}, 16) = 0"));
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertTrue(s.get("reconciles").asBoolean());
    long kept =
        SampleSite.catalog().stream().filter(v -> v.expectedOutcome().equals("kept")).count();
    assertEquals(kept, s.get("videos").get("kept").asLong());
    assertEquals(SampleSite.catalog().size(), s.get("videos").get("found").asInt());
    long distinctMedia =
        SampleSite.catalog().stream()
            .filter(v -> v.expectedOutcome().equals("kept"))
            .map(v -> v.media)
            .distinct()
            .count();
    try (Stream<Path> media = Files.walk(out.resolve("media"))) {
      assertEquals(
          distinctMedia,
          media.filter(p -> p.toString().endsWith(".mp4")).count(),
          "content-addressed: one file per distinct media");
    }

    // the process stage's outcome for every kept video is the catalog's
    Map<String, String> expected = new TreeMap<>();
    for (SampleVideo v : SampleSite.catalog()) {
      if (v.expectedOutcome().equals("kept")) {
        expected.put("demo_" + v.id, v.process);
      }
    }
    Path corpus = SampleData.corpus(m -> {});
    String c08Sha = FileOps.sha256(corpus.resolve("c08.mp4")) + ".mp4";
    // the unique persons each corpus video shows, by its media file's name
    Map<String, Integer> persons = new TreeMap<>();
    try (Stream<Path> clips = Files.list(corpus)) {
      for (Path clip : clips.filter(c -> c.toString().endsWith(".mp4")).toList()) {
        Path truth = corpus.resolve(clip.getFileName().toString().replace(".mp4", ""));
        Path faces = truth.resolve("truth/faces.json");
        if (Files.exists(faces)) {
          JsonNode t = new ObjectMapper().readTree(faces.toFile());
          if (t.get("known").asBoolean()) {
            persons.put(FileOps.sha256(clip) + ".mp4", t.get("persons").size());
          }
        }
      }
    }
    int checkedPersons = 0;
    Map<String, String> got = new TreeMap<>();
    for (VideoArtifacts a :
        ParquetFiles.<VideoArtifacts>readAll(
            RunLayout.at(out).processed().path(), Schemas.VIDEO_ARTIFACTS)) {
      ModalityResult keyframes = a.getModalities().get("keyframes");
      String outcome = Status.ok(keyframes) ? Status.OK : Status.key(keyframes);
      got.put(a.getId(), outcome);
      String audio = a.getModalities().get("audio").getStatus();
      assertEquals(a.getHasAudio() ? "ok" : "absent", audio, a.getId());
      // vocals and music for every video with sound
      ModalityResult sep = a.getModalities().get("separation");
      assertEquals(a.getHasAudio() ? "ok" : "absent", sep.getStatus(), a.getId() + ": " + sep);
      for (String f : a.getHasAudio() ? List.of("vocals.wav", "music.wav") : List.<String>of()) {
        assertTrue(Files.isRegularFile(out.resolve(a.getArtifactsDir()).resolve(f)), a.getId());
      }
      if (!outcome.equals(Status.OK)) {
        // sound alone: the visual modalities are absent for the same reason, the audio is there
        for (String visual : List.of("keyframes", "subtitles", "faces")) {
          assertEquals(outcome, Status.key(a.getModalities().get(visual)), a.getId());
        }
        assertTrue(a.getHasAudio(), a.getId());
        continue;
      }
      assertTrue(
          Files.isRegularFile(out.resolve(a.getArtifactsDir()).resolve("keyframes.json")),
          a.getId());
      // an SRT for every video: with cues, or empty and "absent" (the music-only c08)
      String subtitles = a.getModalities().get("subtitles").getStatus();
      assertEquals(a.getMediaPath().endsWith(c08Sha) ? "absent" : "ok", subtitles, a.getId());
      assertTrue(
          Files.isRegularFile(out.resolve(a.getArtifactsDir()).resolve("subtitles.srt")),
          a.getId());
      // faces.json for every video, with the unique persons the corpus truth says it shows
      ModalityResult faces = a.getModalities().get("faces");
      assertEquals("ok", faces.getStatus(), a.getId() + ": " + faces);
      JsonNode facesJson =
          new ObjectMapper()
              .readTree(out.resolve(a.getArtifactsDir()).resolve("faces.json").toFile());
      String media = Path.of(a.getMediaPath()).getFileName().toString();
      if (persons.containsKey(media)) {
        assertEquals(persons.get(media), facesJson.get("persons").size(), a.getId());
        checkedPersons++;
      }
    }
    assertTrue(checkedPersons >= 8, "persons checked on " + checkedPersons + " videos");
    for (Failure f :
        ParquetFiles.<Failure>readAll(RunLayout.at(out).failures().path(), Schemas.FAILURE)) {
      if (f.getStage().equals("process")) {
        got.put(f.getId(), "failed:" + f.getReason());
      }
    }
    assertEquals(expected, got);
    JsonNode p = new ObjectMapper().readTree(out.resolve("process-summary.json").toFile());
    assertTrue(p.get("reconciles").asBoolean());

    // every processed video is one shard row; the manifest accounts for every shard
    long processedOk = expected.values().stream().filter(e -> !e.startsWith("failed:")).count();
    Path shards = RunLayout.at(out).shards().path();
    ShardManifest manifest = ShardManifest.read(shards);
    assertEquals(processedOk, manifest.rows());
    assertEquals(0, manifest.failures());
    for (ShardManifest.Shard shard : manifest.shards()) {
      Path f = shards.resolve(shard.file());
      assertEquals(shard.sha256(), FileOps.sha256(f), f.toString());
      assertEquals(shard.bytes(), Files.size(f));
    }
    List<EncodedSample> samples = new ArrayList<>();
    for (String split : List.of("train", "validation", "test")) {
      List<EncodedSample> rows =
          ParquetFiles.readAll(shards.resolve(split), Schemas.ENCODED_SAMPLE);
      rows.forEach(r -> assertEquals(split, r.getSplit().toString()));
      assertEquals(manifest.splits().get(split).rows(), rows.size(), split);
      samples.addAll(rows);
    }
    // the manifest declares each tensor's encoder and dimension as the rows were written
    for (EncodedSample r : samples) {
      assertEquals(
          manifest.encoders().get("frames"),
          r.getProvenance().getEncoders().get("frames").toString());
      assertEquals(
          Integer.parseInt(manifest.encoders().get("frames").replaceAll(".* ", "")),
          Tensors.shape(r.getFrames())[1]);
    }
    assertTrue(manifest.encoders().get("frames").startsWith("mobilenet-v2-frames "));
    assertTrue(
        samples.stream().anyMatch(EncodedSample::getVisualPriorMask),
        "a visual emotion prior where faces were classified");
    // the same videos brought in from a folder (chfen ingest) encode to the same tensors as their
    // crawled copies; only what the page told (title, language, context) and the labels differ
    Path folder = Files.createDirectories(ingested.resolve("from/clips"));
    try (var files = Files.list(SampleData.corpus())) {
      for (Path f : files.filter(c -> c.getFileName().toString().matches("c\\d+\\.mp4")).toList()) {
        Files.copy(f, folder.resolve(f.getFileName()));
      }
    }
    Path in = ingested.resolve("out");
    assertEquals(
        0,
        Chfen.execute(
            "ingest", "--from", ingested.resolve("from").toString(), "--out", in.toString()));
    assertEquals(0, Chfen.execute("process", "--in", in.toString()));
    assertEquals(0, Chfen.execute("encode", "--in", in.toString()));
    Map<String, EncodedSample> crawled = new TreeMap<>();
    samples.forEach(x -> crawled.putIfAbsent(x.getProvenance().getMediaSha256().toString(), x));
    List<EncodedSample> fromFolder = new ArrayList<>();
    for (String split : List.of("train", "validation", "test")) {
      fromFolder.addAll(
          ParquetFiles.readAll(
              RunLayout.at(in).shards().path().resolve(split), Schemas.ENCODED_SAMPLE));
    }
    assertTrue(fromFolder.size() >= 10, "the corpus's videos: " + fromFolder.size());
    for (EncodedSample x : fromFolder) {
      EncodedSample y = crawled.get(x.getProvenance().getMediaSha256().toString());
      assertTrue(y != null, x.getId() + " was crawled too");
      assertTrue(x.getId().toString().startsWith("local_clips-"), x.getId().toString());
      assertEquals(y.getSteps(), x.getSteps(), x.getId() + " steps");
      assertEquals(y.getFrames(), x.getFrames(), x.getId() + " frames");
      assertEquals(y.getFaces(), x.getFaces(), x.getId() + " faces");
      assertEquals(y.getText(), x.getText(), x.getId() + " text");
      assertEquals(y.getVocals(), x.getVocals(), x.getId() + " vocals");
      assertEquals(y.getMusic(), x.getMusic(), x.getId() + " music");
      assertEquals(y.getStatus(), x.getStatus(), x.getId() + " status");
    }

    // ... and from a list that says what the pages said (chfen build --from list.csv), the rows
    // equal the crawled ones whole: title, context and language too; the list's split is kept;
    // its label columns come in through a mapping of the user's own
    Map<String, String> splits = Map.of("v001", "train", "v004", "valid", "v009", "test");
    Map<String, String> emotion = Map.of("v001", "Glad", "v004", "startled", "v009", "down");
    Map<String, String> valence = Map.of("v001", "0.8", "v004", "0.0", "v009", "-0.6");
    ObjectWriter csvRow = new CsvMapper().writerFor(String[].class).with(CsvSchema.emptySchema());
    StringBuilder csv =
        new StringBuilder(
            "path,id,title,description,author,tags,published,views,likes,comments,shares,"
                + "language,split,feeling,valence\n");
    for (SampleVideo v : SampleSite.catalog()) {
      if (splits.containsKey(v.id)) {
        // Jackson's CSV writer drops a null cell rather than write it empty
        csv.append(
            csvRow.writeValueAsString(
                java.util.stream.Stream.of(
                        new String[] {
                          "clips/" + v.media,
                          v.id,
                          v.title,
                          v.description,
                          v.author,
                          String.join(";", v.tags),
                          v.published,
                          v.views,
                          v.likes,
                          v.comments,
                          v.shares,
                          v.language,
                          splits.get(v.id),
                          emotion.get(v.id),
                          valence.get(v.id)
                        })
                    .map(x -> x == null ? "" : x)
                    .toArray(String[]::new)));
      }
    }
    Path list = Files.writeString(ingested.resolve("from/list.csv"), csv);
    Path config = Files.writeString(ingested.resolve("crawl.yaml"), SampleSite.crawlConfigYaml());
    Path mapping =
        Files.writeString(
            ingested.resolve("my-labels.yaml"),
            String.join(
                "\n",
                "name: my-labels",
                "source: the test's list (feeling, valence -1..1)",
                "emotions:",
                "  class: feeling",
                "  classes: {glad: {joy: 2}, startled: {surprise: 3}, down: {sadness: 1}}",
                "sentiment:",
                "  scores: {overall: valence}",
                "  range: [-1, 1]",
                "  neutral: 0.1",
                ""));
    Path built = ingested.resolve("built");
    assertEquals(
        0,
        Chfen.execute(
            "build",
            "--from",
            list.toString(),
            "--config",
            config.toString(),
            "--label-mapping",
            mapping.toString(),
            "--out",
            built.toString()));
    Map<String, EncodedSample> byId = new TreeMap<>();
    samples.forEach(x -> byId.put(x.getId().toString(), x));
    int listed = 0;
    for (String split : List.of("train", "validation", "test")) {
      for (EncodedSample x :
          ParquetFiles.<EncodedSample>readAll(
              RunLayout.at(built).shards().path().resolve(split), Schemas.ENCODED_SAMPLE)) {
        String id = x.getId().toString().substring("list_".length());
        EncodedSample y = byId.get("demo_" + id);
        assertEquals(
            splits.get(id).replace("valid", "validation"), split, id + ": the list's split");
        for (String t :
            List.of(
                "title",
                "context",
                "frames",
                "frameQuality",
                "faces",
                "expressions",
                "visualPrior",
                "text",
                "vocals",
                "music")) {
          assertEquals(y.get(t), x.get(t), id + " " + t);
        }
        assertEquals(y.getLanguage(), x.getLanguage(), id + " language");
        assertEquals(
            Double.parseDouble(valence.get(id)),
            x.getSentiment().get("overall").getScore(),
            id + " sentiment");
        float[] soft = Tensors.floats(x.getLabels().get("overall").getIntensity());
        int[] levels = {
          id.equals("v001") ? 2 : 0, // joy
          0,
          0,
          id.equals("v004") ? 3 : 0, // surprise
          id.equals("v009") ? 1 : 0 // sadness
        };
        for (int e = 0; e < levels.length; e++) {
          assertEquals(1f, soft[e * 4 + levels[e]], id + " emotion " + e);
        }
        listed++;
      }
    }
    assertEquals(3, listed);
    assertEquals(
        "my-labels",
        ShardManifest.read(RunLayout.at(built).shards().path())
            .labels()
            .datasetLabels()
            .mapping()
            .get("name"));
    // the labels as DuckDB reads them, with the query README's snippet runs
    JsonNode duckBuilt = DuckDb.readShards(RunLayout.at(built).shards().path());
    assertEquals(3, duckBuilt.get("sentiment").size(), duckBuilt.toString());
    assertEquals(-0.6, duckBuilt.at("/sentiment/list_v009").asDouble(), 1e-9);
    // ... and the sentiment trained on, MMSA's figures over two seeds
    assertEquals(
        0,
        Chfen.execute(
            "train",
            "--shards",
            RunLayout.at(built).shards().path().toString(),
            "--target",
            "sentiment",
            "--epochs",
            "2",
            "--seeds",
            "2",
            "--d",
            "16"));
    JsonNode sentiment =
        new ObjectMapper().readTree(built.resolve("training/metrics.json").toFile());
    assertEquals("sentiment", sentiment.at("/config/target").asText());
    assertEquals(2, sentiment.at("/table/full/mae/runs").asInt());
    assertTrue(sentiment.at("/table/full/mae/mean").isNumber(), sentiment.at("/table").toString());

    long labelled = samples.stream().filter(x -> !x.getLabels().isEmpty()).count();
    assertEquals(manifest.labels().labelledSamples(), labelled);
    assertTrue(labelled >= 10 && labelled < samples.size(), "labelled and unlabelled samples");
    assertTrue(manifest.labels().alphaPerModality().get("text") > 0.5);
    // every row knows its language (the sample has Chinese and English videos) and its context
    Map<String, Long> languages = new java.util.TreeMap<>();
    for (EncodedSample x : samples) {
      languages.merge(String.valueOf(x.getLanguage()), 1L, Long::sum);
      assertTrue(x.getContextMask(), x.getId() + " has metadata context");
    }
    assertEquals(java.util.Set.of("en", "zh"), languages.keySet(), "languages: " + languages);

    // and the same shards read with DuckDB alone: counts, labels, one tensor decoded
    JsonNode duck = DuckDb.readShards(shards);
    for (String split : List.of("train", "validation", "test")) {
      assertEquals(
          manifest.splits().get(split).rows(), duck.get("splits").path(split).asLong(0), split);
    }
    assertEquals(labelled, duck.get("labelled").asLong());
    assertEquals(
        List.of(8, 4),
        List.of(duck.get("labelShape").get(0).asInt(), duck.get("labelShape").get(1).asInt()));
    EncodedSample first =
        samples.stream()
            .min(java.util.Comparator.comparing(x -> x.getId().toString()))
            .orElseThrow();
    assertEquals(first.getId().toString(), duck.get("id").asText());
    float[] title = Tensors.floats(first.getTitle());
    for (int i = 0; i < 4; i++) {
      assertEquals(title[i], duck.get("first").get(i).asDouble(), 1e-7);
    }
    assertEquals(first.getSteps(), duck.get("steps").asInt());
    assertEquals(first.getSteps(), duck.get("frames").get(0).asInt());

    // ... and trained on: CHFEN fit the training rows, scored on the test split, with its
    // checkpoint naming these shards
    Path training = out.resolve("training");
    JsonNode metrics = new ObjectMapper().readTree(training.resolve("metrics.json").toFile());
    assertEquals("test", metrics.get("reportSplit").asText());
    JsonNode run = metrics.get("runs").get(0);
    JsonNode history = run.get("history");
    assertEquals(30, history.size());
    assertTrue(
        history.get(29).get("trainLoss").asDouble()
            < 0.7 * history.get(0).get("trainLoss").asDouble(),
        "the training loss falls: " + history);
    assertEquals(
        (int) manifest.splits().get("test").rows(), run.at("/evaluations/test/rows").asInt());
    Path best = training.resolve("runs/full/seed-42/best");
    JsonNode checkpoint = new ObjectMapper().readTree(best.resolve("checkpoint.json").toFile());
    assertEquals(
        FileOps.sha256(shards.resolve(ShardManifest.FILE)),
        checkpoint.at("/provenance/manifestSha256").asText());
    for (String png :
        List.of(
            "loss.png",
            "metrics.png",
            "confusion.png",
            "contributions.png",
            "contributions-language.png")) {
      assertTrue(Files.size(training.resolve(png)) > 5_000, png);
    }
    // every test prediction explained; one video's breakdown on the command line
    int explained = 0;
    for (JsonNode g : metrics.at("/contributions/byEmotion")) {
      explained += g.get("videos").asInt();
    }
    assertEquals((int) manifest.splits().get("test").rows(), explained);
    assertEquals(
        0,
        Chfen.execute("explain", "--shards", shards.toString(), "--id", first.getId().toString()));
    // cross-lingual transfer on the sample: both directions, every row of each language
    Path cross = out.resolve("cross");
    assertEquals(
        0,
        Chfen.execute(
            "train",
            "--shards",
            shards.toString(),
            "--out",
            cross.toString(),
            "--cross-lingual",
            "zh,en",
            "--folds",
            "2",
            "--epochs",
            "3",
            "--d",
            "16"));
    JsonNode transfer =
        new ObjectMapper().readTree(cross.resolve("cross-lingual/cross-lingual.json").toFile());
    assertEquals(2, transfer.get("directions").size());
    assertEquals(
        samples.size(),
        transfer.at("/directions/0/sourceRows").asInt()
            + transfer.at("/directions/0/targetRows").asInt());
    assertTrue(transfer.at("/directions/0/targetWar/mean").isNumber(), transfer.toString());
    // chfen train: two seeds of a smoke run, then one resumed from its last checkpoint
    Path smoke = out.resolve("smoke");
    assertEquals(
        0,
        Chfen.execute(
            "train",
            "--shards",
            shards.toString(),
            "--out",
            smoke.toString(),
            "--epochs",
            "2",
            "--max-batches",
            "1",
            "--seeds",
            "2",
            "--d",
            "16"));
    JsonNode sm2 = new ObjectMapper().readTree(smoke.resolve("metrics.json").toFile());
    assertEquals(2, sm2.get("table").get("full").get("war").get("runs").asInt());
    assertEquals(
        0,
        Chfen.execute(
            "train",
            "--shards",
            shards.toString(),
            "--out",
            smoke.toString(),
            "--epochs",
            "3",
            "--max-batches",
            "1",
            "--d",
            "16",
            "--resume",
            smoke.resolve("runs/full/seed-42/last").toString()));
    JsonNode resumed =
        new ObjectMapper()
            .readTree(smoke.resolve("runs/full/seed-42/last/checkpoint.json").toFile());
    assertEquals(3, resumed.at("/state/epochsDone").asInt());
    assertEquals(3, resumed.at("/state/history").size());

    // the quality report: one page, every chart a PNG, rendered by headless Chromium
    assertEquals(0, Chfen.execute("report", "--in", out.toString()));
    ReportRendering.check(out.resolve("report/index.html"), Path.of("target", "report.png"));
    // ... and a review page per processed video, with an index (screenshots kept beside it)
    ReportRendering.checkReview(
        out.resolve("report"), (int) processedOk, "demo_v007", Path.of("target"));
    // the demo's videos are the sample corpus's: every one is scored against its truth
    String report = Files.readString(out.resolve("report/index.html"));
    assertTrue(
        report.contains("The 17 videos of this build that are videos of the sample corpus"),
        "ground truth matched");
    assertTrue(report.contains("<td>persons counted right</td>"), "face truth scored");

    // the annotation round trip: a Label Studio project of the processed videos, annotated (the
    // bundled sample annotations) as Label Studio's JSON export documents it, read back
    Path project = out.resolve("label-studio");
    assertEquals(
        0,
        Chfen.execute(
            "annotate",
            "export",
            "--in",
            out.toString(),
            "--out",
            project.toString(),
            "--separation"));
    JsonNode tasks = new ObjectMapper().readTree(project.resolve(LabelStudio.TASKS_FILE).toFile());
    assertEquals(processedOk, tasks.size());
    for (JsonNode t : tasks) {
      for (String f : List.of(LabelStudio.VIDEO, LabelStudio.VOCALS, LabelStudio.MUSIC)) {
        String url = t.path("data").path(f).asText();
        if (!url.isEmpty()) {
          assertTrue(url.startsWith(LabelStudio.LOCAL_FILES), url);
          String rel = URLDecoder.decode(url.substring(LabelStudio.LOCAL_FILES.length()), UTF_8);
          // under the document root: the directory the run is in
          assertTrue(
              Files.isRegularFile(out.getParent().resolve(rel)), url + " names no file of the run");
        }
      }
    }
    List<Annotation> sample = Annotations.sample().rows();
    Path export = out.resolve("label-studio-export.json");
    new ObjectMapper()
        .writeValue(
            export.toFile(),
            StudioExports.annotated(
                (ArrayNode) tasks,
                sample,
                a -> new ObjectMapper().createObjectNode().put("email", a + "@studio.example"),
                LabelStudio.VIDEO));
    Path imported = out.resolve("annotations-from-label-studio.csv");
    assertEquals(
        0,
        Chfen.execute(
            "annotate", "import", "--from", export.toString(), "--out", imported.toString()));
    Annotations.Import back = Annotations.read(imported);
    assertEquals(List.of(), back.rejected());
    assertEquals(
        sample.stream().map(a -> key(a, a.getAnnotatorId() + "@studio.example")).sorted().toList(),
        back.rows().stream().map(a -> key(a, a.getAnnotatorId())).sorted().toList(),
        "the CSV route and the Label Studio route give the same annotations");
    // the next batch: the videos of low agreement first, then unannotated ones
    Path batch = out.resolve("label-studio-batch-2");
    assertEquals(
        0,
        Chfen.execute(
            "annotate",
            "plan",
            "--in",
            out.toString(),
            "--annotations",
            imported.toString(),
            "--size",
            "10",
            "--out",
            batch.toString()));
    Consensus agreed = new Consensus(back.rows(), 0.4);
    long low =
        back.rows().stream()
            .map(Annotation::getVideoId)
            .distinct()
            .filter(v -> agreed.video(v).orElseThrow().lowAgreement())
            .count();
    assertTrue(low >= 1);
    List<String> plan = Files.readAllLines(batch.resolve("plan.csv"));
    assertEquals(11, plan.size(), "a header and 10 videos: " + plan);
    for (int i = 1; i <= 10; i++) {
      String video = plan.get(i).substring(0, plan.get(i).indexOf(','));
      boolean lowAgreement =
          agreed.video(video).map(Consensus.VideoLabels::lowAgreement).orElse(false);
      assertEquals(i <= low, lowAgreement, "row " + i + " of " + plan);
    }
    assertEquals(
        10, new ObjectMapper().readTree(batch.resolve(LabelStudio.TASKS_FILE).toFile()).size());

    // a re-run downloads nothing and decodes nothing that is complete
    assertEquals(0, Chfen.execute("demo", "--out", out.toString()));
    assertEquals(kept, StageCounter.MEDIA_REUSED.live());
    assertEquals(0, StageCounter.MEDIA_DOWNLOADED.live());
    assertEquals(processedOk, StageCounter.VIDEOS_REUSED.live());
    assertEquals(0, StageCounter.VIDEOS_PROCESSED.live());
    // ... and encodes every video again to the same split, ids and tensors
    Map<String, EncodedSample> before = new TreeMap<>();
    samples.forEach(x -> before.put(x.getId().toString(), x));
    Map<String, EncodedSample> after = new TreeMap<>();
    for (String split : List.of("train", "validation", "test")) {
      ParquetFiles.<EncodedSample>readAll(shards.resolve(split), Schemas.ENCODED_SAMPLE)
          .forEach(x -> after.put(x.getId().toString(), x));
    }
    assertEquals(before, after);

    // broken artifacts fail that video's encoding, with the cause, and the rest is encoded
    String broken = before.keySet().iterator().next();
    Files.delete(out.resolve("artifacts").resolve(broken).resolve("vocals.wav"));
    assertEquals(0, Chfen.execute("encode", "--in", out.toString(), "--annotations", "sample"));
    ShardManifest m2 = ShardManifest.read(shards);
    assertEquals(processedOk - 1, m2.rows());
    assertEquals(1, m2.failures());
    List<Failure> encodeFailures =
        ParquetFiles.<Failure>readAll(RunLayout.at(out).failures().path(), Schemas.FAILURE).stream()
            .filter(f -> f.getStage().toString().equals("encode"))
            .toList();
    assertEquals(1, encodeFailures.size());
    assertEquals(broken, encodeFailures.get(0).getId().toString());
    assertTrue(
        encodeFailures.get(0).getMessage().toString().contains("vocals.wav"),
        encodeFailures.get(0).getMessage().toString());

    // an encode killed (kill -9) while it encodes, then while it writes shards, leaves the
    // previous shard set whole; the next run cleans what it left and replaces the set
    RunLayout staged = RunLayout.at(out).staging(Stage.ENCODE.job());
    String[] encode = {"encode", "--in", out.toString(), "--annotations", "sample"};
    assertTrue(
        Child.killWhen(
            out.resolve("killed-1.log"),
            300,
            () -> Files.isDirectory(staged.root().path()),
            encode),
        "killed while encoding");
    assertTrue(
        Child.killWhen(
            out.resolve("killed-2.log"),
            300,
            () -> Child.anyFileUnder(staged.shards().path()),
            encode),
        "killed while writing shards");
    ShardManifest.read(shards).verify(shards);
    assertEquals(m2.shards(), ShardManifest.read(shards).shards(), "the previous set, untouched");
    assertEquals(0, Chfen.execute(encode));
    ShardManifest.read(shards).verify(shards);
    assertFalse(Files.exists(out.resolve(RunLayout.STAGING)), "what the kills left is gone");
    // a reader verifies the shards against the manifest before it trusts them
    ShardManifest sm = ShardManifest.read(shards);
    sm.verify(shards);
    ShardManifest.Shard firstShard = sm.shards().get(0);
    Files.write(
        shards.resolve(firstShard.file()), new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
    Exception changed = assertThrows(java.io.IOException.class, () -> sm.verify(shards));
    assertTrue(changed.getMessage().contains(firstShard.file()), changed.getMessage());
    ShardManifest older = sm.withSchemaVersion(Schemas.SCHEMA_VERSION + 1);
    Exception version = assertThrows(java.io.IOException.class, () -> older.verify(shards));
    assertTrue(version.getMessage().contains("schema version"), version.getMessage());
  }

  private static String key(Annotation a, String annotator) {
    return String.join(
        " ",
        a.getVideoId(),
        annotator,
        a.getModality().toString(),
        a.getEmotion().toString(),
        Integer.toString(a.getIntensity()));
  }

  @Test
  void missingOptionsAndSeedsAreClearErrors() {
    assertEquals(2, Chfen.execute("crawl"), "--out is required");
    assertTrue(Chfen.execute("crawl", "--out", out.toString()) != 0, "no seeds");
  }
}
