package io.chfen.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.pipelines.Table;
import io.chfen.pipelines.encode.EncodeConfig;
import io.chfen.pipelines.encode.EncodePipeline;
import io.chfen.pipelines.encode.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code chfen encode}: processed videos → Parquet tensor shards and manifest.json. */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description = {
      "Encode every processed video's modalities on a time grid into Parquet tensor shards by split,"
          + " with labels and manifest.json (shards/). Unrecognised --options are passed to Beam."
    })
final class EncodeCommand implements Callable<Integer> {
  @Option(
      names = "--in",
      required = true,
      description = "The process stage's output directory (processed/, artifacts/).")
  Path in;

  @Option(
      names = "--metadata",
      description = "The crawl stage's output directory, for titles (default: --in).")
  Path metadata;

  @Option(names = "--out", description = "Output directory (default: the input directory).")
  Path out;

  @Mixin EncodeOptions encodeOptions = new EncodeOptions();

  @Mixin RunnerOptions runnerOptions = new RunnerOptions();

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Path dest = out != null ? out : in;
    EncodePipeline.Options o =
        Runs.options(runnerOptions.args(beamArgs), EncodePipeline.Options.class, "chfen-encode");
    o.setInput(in.toString());
    o.setMetadata(metadata != null ? metadata.toString() : null);
    o.setOutput(dest.toString());
    EncodeConfig cfg = encodeOptions.config(null);
    Runs.runWithProgress(o, () -> EncodePipeline.run(o, cfg));
    printManifestSummary(dest);
    return 0;
  }

  /** The manifest as tables: rows and bytes per split, then label agreement. */
  static JsonNode printManifestSummary(Path out) throws IOException {
    Path f = out.resolve(EncodePipeline.SHARDS).resolve(Manifest.FILE);
    if (!Files.exists(f)) {
      throw new IOException("no manifest at " + f + ": nothing was encoded");
    }
    JsonNode m = new ObjectMapper().readTree(f.toFile());
    Table t = new Table("split", "rows", "MB", "shards");
    for (Map.Entry<String, JsonNode> e : iterable(m.get("splits"))) {
      t.row(
          e.getKey(),
          e.getValue().get("rows").asLong(),
          String.format(Locale.ROOT, "%.2f", e.getValue().get("bytes").asLong() / 1e6),
          e.getValue().get("shards").asLong());
    }
    t.row("all", m.get("rows").asLong(), "", "");
    t.row("failed", m.get("failures").asLong(), "", "");
    System.out.println();
    System.out.println("Encode summary (" + f.toAbsolutePath() + ")");
    System.out.print(t);
    JsonNode labels = m.get("labels");
    Table a = new Table("labels", "value");
    a.row("labelled samples", labels.get("labelledSamples").asLong());
    a.row("annotators", labels.get("annotators").asInt());
    for (Map.Entry<String, JsonNode> e : iterable(labels.get("alphaPerModality"))) {
      a.row(
          "alpha " + e.getKey(),
          e.getValue().isNull()
              ? "-"
              : String.format(Locale.ROOT, "%.3f", e.getValue().asDouble()));
    }
    a.row(
        "low agreement videos",
        labels.get("lowAgreementVideos").asInt()
            + " (alpha < "
            + labels.get("agreementFloor")
            + ")");
    System.out.println();
    System.out.print(a);
    return m;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode n) {
    return n::fields;
  }
}
