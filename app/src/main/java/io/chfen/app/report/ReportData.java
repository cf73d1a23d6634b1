package io.chfen.app.report;

import io.chfen.dataset.summary.CrawlSummary;
import io.chfen.dataset.summary.ProcessSummary;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.records.EncodedSample;
import io.chfen.records.Failure;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.ShardManifest;
import io.chfen.storage.Storage;
import io.chfen.storage.StoredRecords;
import java.io.IOException;
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

  static ReportData read(Location out) throws IOException {
    RunLayout run = RunLayout.at(out);
    for (Location need : List.of(run.metadata(), run.processed(), run.shards())) {
      if (!Storage.hasFiles(need)) {
        throw new IOException(need + " is missing: run the pipeline (chfen build or demo) first");
      }
    }
    CrawlSummary crawl = CrawlSummary.read(out);
    List<EncodedSample> rows = new ArrayList<>();
    for (String split : ShardManifest.SPLITS) {
      rows.addAll(StoredRecords.readAll(run.shards().child(split), Schemas.ENCODED_SAMPLE));
    }
    return new ReportData(
        run,
        crawl,
        // every processed video counts as processed here, none as reused
        ProcessSummary.read(out, crawl.kept(), Instant.MIN),
        StoredRecords.manifest(run.shards()),
        StoredRecords.readAll(run.metadata(), Schemas.VIDEO_METADATA),
        StoredRecords.readAll(run.processed(), Schemas.VIDEO_ARTIFACTS),
        StoredRecords.readAll(run.failures(), Schemas.FAILURE),
        rows);
  }
}
