package io.chfen.app.cli;

import io.chfen.pipelines.ingest.IngestPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What to bring in: the options of every command that ingests. */
final class IngestOptions {
  @Option(
      names = "--from",
      description = "A folder of media files, or a list file (.csv .tsv .jsonl .parquet).")
  Path from;

  @Option(
      names = "--column",
      paramLabel = "KEY=COLUMN",
      description =
          "Read KEY from a list column of another name (repeatable), e.g. url=link,"
              + " title=caption. Keys: path, url, id, split, title, description, author, tags,"
              + " language, published, views, likes, comments, shares.")
  List<String> columns = new ArrayList<>();

  /**
   * The source and its column mappings into the pipeline's options.
   *
   * @param labelMapping a label mapping whose columns name the list's (null: none)
   */
  void applyTo(IngestPipeline.Options o, String labelMapping) {
    o.setFrom(from.toString());
    o.setColumns(String.join(",", columns));
    o.setLabelMapping(labelMapping == null ? "" : labelMapping);
  }
}
