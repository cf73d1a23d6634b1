package io.chfen.media;

import io.chfen.records.ModalityResult;
import java.nio.file.Path;

/**
 * Stands in for an analyzer that could not be built (a missing or corrupt model): every video gets
 * its modality {@code failed} with the reason and the message that says how to fix it, and the
 * other modalities and videos go on.
 */
public final class UnavailableAnalyzer implements Analyzer {
  private final String modality;
  private final String reason;
  private final String message;

  public UnavailableAnalyzer(String modality, String reason, String message) {
    this.modality = modality;
    this.reason = reason;
    this.message = message;
  }

  @Override
  public String modality() {
    return modality;
  }

  @Override
  public void begin(MediaInfo info, Path outDir) {}

  @Override
  public ModalityResult end(double decodedDurationS) {
    return Analyzer.failed(reason, message);
  }
}
