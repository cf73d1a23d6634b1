package io.chfen.schemas;

import io.chfen.records.ModalityResult;

/** A modality's outcome in {@link io.chfen.records.VideoArtifacts#getModalities()}. */
public final class Status {
  /** Produced. */
  public static final String OK = "ok";

  /** Nothing to produce (no audio track, no subtitles), with a reason. */
  public static final String ABSENT = "absent";

  /** Its analyzer failed, with a reason; the other modalities stand. */
  public static final String FAILED = "failed";

  private Status() {}

  /** Whether {@code r} is present and ok. */
  public static boolean ok(ModalityResult r) {
    return r != null && OK.equals(r.getStatus());
  }

  /** {@code ok}, else {@code status:reason}: how rows and summaries name an outcome. */
  public static String key(ModalityResult r) {
    return OK.equals(r.getStatus()) || r.getReason() == null
        ? r.getStatus()
        : r.getStatus() + ":" + r.getReason();
  }
}
