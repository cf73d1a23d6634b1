package io.chfen.dataset.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.records.Failure;
import io.chfen.records.FilterOutcome;
import io.chfen.records.PageVisit;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.PageOutcome;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.Stage;
import io.chfen.storage.Storage;
import io.chfen.storage.StoredRecords;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The crawl's accounting, read back from what it wrote (so it counts what is really there): pages
 * seen = fetched + failed + skipped; videos found (the sum over fetched pages) = kept + filtered +
 * failed. Each failed or skipped page and each lost video is counted under its reason, and so are
 * the links pages held that were never queued ({@code not_queued:<reason>}: beyond the depth or
 * page limit, off the allowlist), which the crawl log counts but does not list, and the site
 * profile rules that found nothing ({@code rule_unmatched:<key>: <rule>}, pages where it missed).
 */
public record CrawlSummary(
    long pagesSeen,
    long pagesFetched,
    long pagesFailed,
    long pagesSkipped,
    Map<String, Long> pageReasons,
    long videosFound,
    long kept,
    long filtered,
    Map<String, Long> filteredReasons,
    long failed,
    Map<String, Long> failedReasons,
    long crawlFailures,
    long mediaBytes,
    long nearDuplicates) {

  /** The key prefix of links counted but never queued. */
  public static final String NOT_QUEUED = "not_queued";

  /** The key prefix of a site profile's rules that found nothing, counted per page. */
  public static final String RULE_UNMATCHED = "rule_unmatched";

  /** True when every page and every video is accounted for exactly once. */
  public boolean reconciles() {
    return pagesSeen == pagesFetched + pagesFailed + pagesSkipped
        && videosFound == kept + filtered + failed
        && crawlFailures == pagesFailed;
  }

  public static CrawlSummary read(Location out) throws IOException {
    RunLayout run = RunLayout.at(out);
    List<PageVisit> pages = StoredRecords.readAll(run.pages(), Schemas.PAGE_VISIT);
    List<VideoMetadata> kept = StoredRecords.readAll(run.metadata(), Schemas.VIDEO_METADATA);
    List<FilterOutcome> rejected = StoredRecords.readAll(run.rejected(), Schemas.FILTER_OUTCOME);
    List<Failure> failures = StoredRecords.readAll(run.failures(), Schemas.FAILURE);
    Map<String, Long> pageReasons = new TreeMap<>();
    long fetched = 0;
    long pageFailed = 0;
    long skipped = 0;
    long found = 0;
    for (PageVisit p : pages) {
      switch (p.getOutcome()) {
        case PageOutcome.FETCHED -> fetched++;
        case PageOutcome.FAILED -> pageFailed++;
        default -> skipped++;
      }
      if (p.getReason() != null) {
        pageReasons.merge(p.getOutcome() + ":" + p.getReason(), 1L, Long::sum);
      }
      p.getLinksNotQueued()
          .forEach((why, n) -> pageReasons.merge(NOT_QUEUED + ":" + why, (long) n, Long::sum));
      p.getRulesUnmatched()
          .forEach(rule -> pageReasons.merge(RULE_UNMATCHED + ":" + rule, 1L, Long::sum));
      found += p.getVideosFound();
    }
    Map<String, Long> filteredReasons = new TreeMap<>();
    rejected.forEach(r -> filteredReasons.merge(r.getReason(), 1L, Long::sum));
    Map<String, Long> failedReasons = new TreeMap<>();
    long videoFailures = 0;
    long crawlFailures = 0;
    for (Failure f : failures) {
      if (f.getStage().equals(Stage.CRAWL.code())) {
        crawlFailures++;
      } else if (f.getStage().equals(Stage.DOWNLOAD.code())
          || f.getStage().equals(Stage.INGEST.code())) {
        videoFailures++;
        failedReasons.merge(f.getStage() + ":" + f.getReason(), 1L, Long::sum);
      } // later stages' failures are theirs to count
    }
    long bytes =
        kept.stream().mapToLong(v -> v.getMediaBytes() == null ? 0 : v.getMediaBytes()).sum();
    long nearDup = kept.stream().filter(v -> v.getNearDuplicateOf() != null).count();
    return new CrawlSummary(
        pages.size(),
        fetched,
        pageFailed,
        skipped,
        pageReasons,
        found,
        kept.size(),
        rejected.size(),
        filteredReasons,
        videoFailures,
        failedReasons,
        crawlFailures,
        bytes,
        nearDup);
  }

  public void writeJson(Location file) throws IOException {
    Map<String, Object> m = new TreeMap<>();
    m.put(
        "pages",
        Map.of(
            "seen",
            pagesSeen,
            "fetched",
            pagesFetched,
            "failed",
            pagesFailed,
            "skipped",
            pagesSkipped,
            "reasons",
            pageReasons));
    m.put(
        "videos",
        Map.of(
            "found",
            videosFound,
            "kept",
            kept,
            "filtered",
            filtered,
            "failed",
            failed,
            "filteredReasons",
            filteredReasons,
            "failedReasons",
            failedReasons,
            "nearDuplicatesFlagged",
            nearDuplicates));
    m.put("mediaBytes", mediaBytes);
    m.put("reconciles", reconciles());
    Storage.write(
        file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(m));
  }
}
