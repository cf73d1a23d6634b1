package io.chfen.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.sample.SampleData;
import io.chfen.sample.site.SampleSite;
import io.chfen.sample.site.SampleVideo;
import io.chfen.schemas.Version;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a person meets it: the help, the version, and bad options at start-up. */
class ChfenTest {
  @TempDir Path tmp;

  /** Runs a command line; returns its exit code and what it printed (stdout, then stderr). */
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Chfen.execute(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void theHelpShowsTheUserCommandsAndDevShowsEveryBenchmarkAndEvaluation() {
    Run top = run("--help");
    assertEquals(0, top.code());
    for (String c :
        List.of(
            "demo",
            "build",
            "crawl",
            "process",
            "encode",
            "train",
            "explain",
            "report",
            "annotate",
            "sample",
            "sample-site",
            "flink-cluster",
            "dev")) {
      assertTrue(top.out().contains("\n  " + c + " "), c + " in:\n" + top.out());
    }
    assertTrue(!top.out().contains("\n  bench"), "the benchmarks are under dev:\n" + top.out());

    Run dev = run("dev", "--help");
    assertEquals(0, dev.code());
    for (String c :
        List.of(
            "bench crawl",
            "bench decode",
            "bench separation",
            "bench faces",
            "bench encode",
            "bench train",
            "bench flink",
            "eval ocr",
            "eval separation",
            "eval faces",
            "eval crawl")) {
      assertTrue(dev.out().contains(c), c + " in:\n" + dev.out());
    }
    assertEquals("chfen " + Version.CURRENT, run("--version").out().strip());
    assertEquals("chfen " + Version.CURRENT, run("dev", "bench", "encode", "-V").out().strip());
  }

  @Test
  void annotateNamesItsStepsAndABadExportIsNamedNotFatal() throws Exception {
    Run help = run("annotate", "--help");
    assertEquals(0, help.code());
    for (String c : List.of("export", "import", "plan")) {
      assertTrue(help.out().contains("\n  " + c + " "), c + " in:\n" + help.out());
    }
    Run missing =
        run(
            "annotate",
            "import",
            "--from",
            tmp.resolve("none.json").toString(),
            "--out",
            tmp.resolve("labels.csv").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("none.json is not a file"), missing.err());

    Path export =
        Files.writeString(
            tmp.resolve("export.json"),
            "[{\"id\": 4, \"data\": {\"video_id\": \"v1\"}, \"annotations\": ["
                + "{\"id\": 9, \"completed_by\": 2, \"result\": [{\"from_name\": \"overall_joy\","
                + " \"to_name\": \"video\", \"type\": \"choices\", \"value\": {\"choices\": [\"5\"]}}]},"
                + "{\"id\": 10, \"completed_by\": 3, \"result\": [{\"from_name\": \"text_fear\","
                + " \"to_name\": \"video\", \"type\": \"choices\", \"value\": {\"choices\": [\"2\"]}}]}]}]");
    Run imported =
        run(
            "annotate",
            "import",
            "--from",
            export.toString(),
            "--out",
            tmp.resolve("labels.csv").toString());
    assertEquals(0, imported.code(), imported.err());
    assertTrue(
        imported.out().contains("rejected task 4, annotation 9: overall_joy 5 is outside 0-3"),
        imported.out());
    assertEquals(
        List.of("video,annotator,modality,emotion,intensity", "v1,3,text,fear,2"),
        Files.readAllLines(tmp.resolve("labels.csv")));
  }

  @Test
  void aBadOptionIsAStartUpErrorNamingTheAllowedValues() throws Exception {
    Run engine = run("process", "--in", tmp.toString(), "--ocr-engine", "easyocr");
    assertEquals(2, engine.code());
    assertTrue(engine.err().contains("ppocr, tesseract, none"), engine.err());

    Run device = run("train", "--shards", tmp.toString(), "--device", "tpu");
    assertEquals(2, device.code());
    assertTrue(device.err().contains("auto, cpu, gpu"), device.err());

    // a separation model without a vocals source: refused before any video is opened
    Path model = Files.writeString(tmp.resolve("separator.onnx"), "not read");
    Run sources =
        run(
            "process",
            "--in",
            tmp.toString(),
            "--separation-model",
            model.toString(),
            "--separation-sources",
            "drums,bass,other");
    assertEquals(1, sources.code());
    assertTrue(sources.err().contains("'vocals'"), sources.err());

    Run separator = run("process", "--in", tmp.toString(), "--separator", "spleeter");
    assertEquals(2, separator.code());
    assertTrue(separator.err().contains("speech-aware, htdemucs"), separator.err());

    // two separators at once: refused before any video is opened
    Run both =
        run(
            "process",
            "--in",
            tmp.toString(),
            "--separator",
            "htdemucs",
            "--separation-model",
            model.toString());
    assertEquals(1, both.code());
    assertTrue(both.err().contains("exclude each other"), both.err());
  }

  @Test
  void crawlExplainShowsEachFieldItsSourceAndRuleAndTheVerdict() throws Exception {
    Path config = Files.writeString(tmp.resolve("crawl.yaml"), SampleSite.crawlConfigYaml());
    try (SampleSite site = SampleSite.start("127.0.0.1", 0, SampleData.corpus(), 100)) {
      SampleVideo state =
          SampleSite.catalog().stream()
              .filter(v -> "state".equals(v.style) && "kept".equals(v.expect))
              .findFirst()
              .orElseThrow();
      Run live =
          run("crawl", "--explain", site.baseUrl() + state.path(), "--config", config.toString());
      assertEquals(0, live.code(), live.err());
      assertTrue(live.out().contains("profile  demo"), live.out());
      assertTrue(live.out().contains("verdict  kept"), live.out());
      assertTrue(live.out().contains("state:$.video.title"), "the rule is shown:\n" + live.out());
      assertTrue(
          live.out().matches("(?s).*\\| title +\\| [^|]+\\| [^|]+\\| state_json +\\|.*"),
          live.out());
      assertTrue(live.out().contains(state.title.substring(0, 4)), live.out());
      assertTrue(
          live.out().contains("endpoint:$.data.shares"),
          "a rule that found nothing:\n" + live.out());
    }
    // a saved page, read as if served from an address; a malformed rule is a start-up error
    Path saved =
        Files.writeString(
            tmp.resolve("page.html"),
            "<html><head><meta property=\"og:type\" content=\"website\"></head><body>"
                + "<div id=\"app\"></div><script src=\"/a.js\"></script></body></html>");
    Run shell = run("crawl", "--explain", saved.toString(), "--page-url", "https://x.test/v/1");
    assertEquals(0, shell.code(), shell.err());
    assertTrue(shell.out().contains("verdict  no_video_metadata"), shell.out());
    Path bad =
        Files.writeString(
            tmp.resolve("bad.yaml"),
            "sites:\n  - name: x\n    hosts: [x.test]\n    fields: {title: \"$.a..[\"}\n");
    Run refused = run("crawl", "--explain", saved.toString(), "--config", bad.toString());
    assertEquals(1, refused.code());
    assertTrue(refused.err().contains("site 'x', fields.title[0]: bad JSON path"), refused.err());
    assertTrue(refused.err().contains("(line 4 of"), refused.err());
  }
}
