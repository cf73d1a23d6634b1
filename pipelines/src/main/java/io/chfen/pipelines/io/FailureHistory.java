package io.chfen.pipelines.io;

import io.chfen.files.Location;
import io.chfen.records.Failure;
import io.chfen.schemas.Schemas;
import io.chfen.storage.Storage;
import io.chfen.storage.StoredRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dead letter that remembers: when a run's failures replace the previous run's, an item that
 * fails again carries the earlier failures (time, reason, tries, message) in its {@code history}
 * and their tries added to its {@code attempts}; an item that no longer fails leaves the dead
 * letter (its output is where it belongs). The failures of one job are {@code
 * <dir>/<job>-*.parquet}.
 */
public final class FailureHistory {
  private FailureHistory() {}

  /** The failures of {@code job} in {@code dir}, by {@code stage/id}. */
  public static Map<String, Failure> read(Location dir, String job) throws IOException {
    Map<String, Failure> out = new HashMap<>();
    for (Location f : files(dir, job)) {
      for (Failure x : StoredRecords.<Failure>readFile(f, Schemas.FAILURE)) {
        out.put(key(x), x);
      }
    }
    return out;
  }

  /**
   * Rewrites the staged failures of {@code job} with the history of the published ones: one file,
   * {@code <job>-00000-of-00001.parquet}, in the staged directory.
   */
  static void carry(Location published, Location staged, String job) throws IOException {
    Map<String, Failure> before = read(published, job);
    List<Location> fresh = files(staged, job);
    if (before.isEmpty() || fresh.isEmpty()) {
      return;
    }
    List<Failure> merged = new ArrayList<>();
    for (Location f : fresh) {
      for (Failure x : StoredRecords.<Failure>readFile(f, Schemas.FAILURE)) {
        Failure old = before.get(key(x));
        if (old == null) {
          merged.add(x);
          continue;
        }
        List<String> history = new ArrayList<>(old.getHistory());
        history.add(
            old.getOccurredAt()
                + " "
                + old.getReason()
                + " ("
                + old.getAttempts()
                + (old.getAttempts() == 1 ? " try" : " tries")
                + "): "
                + old.getMessage());
        merged.add(
            Failure.newBuilder(x)
                .setHistory(history)
                .setAttempts(old.getAttempts() + x.getAttempts())
                .build());
      }
    }
    for (Location f : fresh) {
      Storage.delete(f);
    }
    StoredRecords.write(staged.child(job + "-00000-of-00001.parquet"), Schemas.FAILURE, merged);
  }

  private static String key(Failure x) {
    return x.getStage() + "/" + x.getId();
  }

  private static List<Location> files(Location dir, String job) throws IOException {
    return Storage.files(dir, job + "-", ".parquet");
  }
}
