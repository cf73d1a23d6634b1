package io.chfen.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            "eval faces")) {
      assertTrue(dev.out().contains(c), c + " in:\n" + dev.out());
    }
    assertEquals("chfen " + Version.CURRENT, run("--version").out().strip());
    assertEquals("chfen " + Version.CURRENT, run("dev", "bench", "encode", "-V").out().strip());
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
}
