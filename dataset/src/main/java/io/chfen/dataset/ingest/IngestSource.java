package io.chfen.dataset.ingest;

import io.chfen.dataset.tables.Tables;
import io.chfen.records.Failure;
import io.chfen.records.PageVisit;
import io.chfen.schemas.Failures;
import io.chfen.schemas.PageOutcome;
import io.chfen.schemas.Stage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code --from} names, opened: a folder ({@link DirectorySource}) or a list file ({@link
 * ListSource}). Every input is accounted for before anything runs: the items to bring in, and the
 * inputs that failed already — a list row that does not parse ({@link #BAD_ROW}), a second item
 * with an id taken by an earlier one ({@link #DUPLICATE_ID}) — as ingest failures, so that found =
 * kept + filtered + failed holds for a list as for a crawl.
 *
 * @param items the items to store and describe, in the source's order
 * @param failures the inputs that failed here, one each
 * @param log the crawl-log rows: the source (its videos found = items + failures) and every entry
 *     of a folder it did not take
 */
public record IngestSource(
    String name, List<IngestItem> items, List<Failure> failures, List<PageVisit> log) {

  /** A list row that does not parse (its line and cause in the message). */
  public static final String BAD_ROW = "bad_row";

  /** An item whose id an earlier item of the source has (both named in the message). */
  public static final String DUPLICATE_ID = "duplicate_id";

  /** A folder, or a list file (.csv, .tsv, .jsonl, .ndjson, .parquet). */
  public static IngestSource open(Path from, ListSource.Columns columns) throws IOException {
    if (Files.isDirectory(from)) {
      DirectorySource.Scan s = DirectorySource.scan(from);
      return of(from, s.items(), List.of(), s.refused());
    }
    if (!Files.isRegularFile(from)) {
      throw new IOException(from + " is neither a folder nor a list file");
    }
    ListSource.Read r = ListSource.read(from, columns);
    List<Failure> bad = new ArrayList<>();
    for (Tables.Rejected x : r.rejected()) {
      bad.add(
          Failures.of(from.getFileName() + ":" + x.line(), Stage.INGEST, BAD_ROW, x.toString())
              .setUrl(from.toUri().toString())
              .setAttempts(1)
              .build());
    }
    return of(from, r.items(), bad, List.of());
  }

  private static IngestSource of(
      Path from,
      List<IngestItem> all,
      List<Failure> failed,
      List<DirectorySource.Refused> refused) {
    List<IngestItem> items = new ArrayList<>();
    List<Failure> failures = new ArrayList<>(failed);
    Map<String, IngestItem> byId = new HashMap<>();
    for (IngestItem i : all) {
      IngestItem first = byId.putIfAbsent(i.id(), i);
      if (first == null) {
        items.add(i);
        continue;
      }
      failures.add(
          Failures.of(
                  i.id(),
                  Stage.INGEST,
                  DUPLICATE_ID,
                  i.describe() + ": id " + i.id() + " is " + first.describe() + "'s already")
              .setUrl(i.canonical())
              .setAttempts(1)
              .build());
    }
    String uri = from.toAbsolutePath().toUri().toString();
    List<PageVisit> log = new ArrayList<>();
    log.add(
        visit(uri, KIND_SOURCE, PageOutcome.FETCHED, null)
            .setVideosFound(items.size() + failures.size())
            .setLinksFound(all.size() + failed.size() + refused.size())
            .build());
    for (DirectorySource.Refused r : refused) {
      log.add(
          visit(
                  DirectorySource.SOURCE + ":" + r.relative(),
                  KIND_FILE,
                  PageOutcome.SKIPPED,
                  r.reason())
              .build());
    }
    return new IngestSource(uri, List.copyOf(items), List.copyOf(failures), List.copyOf(log));
  }

  /** Crawl-log kinds of a source's rows. */
  public static final String KIND_SOURCE = "source";

  public static final String KIND_FILE = "file";

  private static PageVisit.Builder visit(String url, String kind, String outcome, String reason) {
    return PageVisit.newBuilder()
        .setUrl(url)
        .setHost(DirectorySource.SOURCE)
        .setKind(kind)
        .setDepth(0)
        .setOutcome(outcome)
        .setReason(reason);
  }

  /** The hosts of the source's URLs: the only hosts its downloads may reach. */
  public Set<String> urlHosts() {
    Set<String> hosts = new LinkedHashSet<>();
    for (IngestItem i : items) {
      if (!i.isFile()) {
        hosts.add(URI.create(i.url()).getHost().toLowerCase(Locale.ROOT));
      }
    }
    return hosts;
  }
}
