package io.chfen.app.report;

import io.chfen.dataset.summary.CrawlSummary;
import io.chfen.dataset.summary.ProcessSummary;
import io.chfen.layout.RunLayout;
import io.chfen.records.EncodedSample;
import io.chfen.records.Failure;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.ShardManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the report reads of a build output, typed: the stages' accounting (from their records, as
 * their summary tables count it), the kept videos, the processed ones with every analyzer's outcome
 * and statistics, the dead letters, the shard rows and their manifest.
 */
record ReportData(
    RunLayout run,
    CrawlSummary crawl,
    ProcessSummary process,
    ShardManifest manifest,
    List<VideoMetadata> metadata,
    List<VideoArtifacts> videos,
    List<Failure> failures,
    List<EncodedSample> rows) {

  static ReportData read(Path out) throws IOException {
    RunLayout run = RunLayout.at(out);
    for (Path need : List.of(run.metadata(), run.processed(), run.shards())) {
      if (!Files.isDirectory(need)) {
        throw new IOException(need + " is missing: run the pipeline (chfen build or demo) first");
      }
    }
    CrawlSummary crawl = CrawlSummary.read(out);
    List<EncodedSample> rows = new ArrayList<>();
    for (String split : ShardManifest.SPLITS) {
      rows.addAll(ParquetFiles.readAll(run.shards().resolve(split), Schemas.ENCODED_SAMPLE));
    }
    return new ReportData(
        run,
        crawl,
        // every processed video counts as processed here, none as reused
        ProcessSummary.read(out, crawl.kept(), Instant.MIN),
        ShardManifest.read(run.shards()),
        ParquetFiles.readAll(run.metadata(), Schemas.VIDEO_METADATA),
        ParquetFiles.readAll(run.processed(), Schemas.VIDEO_ARTIFACTS),
        ParquetFiles.readAll(run.failures(), Schemas.FAILURE),
        rows);
  }
}
