package io.chfen.pipelines;

import java.util.List;

/**
 * The steps that take one item each (a video to download, process or encode) and emit exactly one
 * record for it (made, reused or failed): their names, which the pipelines apply them under and a
 * cluster's progress reads them by. On Flink their operators' record counts move as each item is
 * taken and finished, while Beam's own counters arrive only when a worker's whole share is done.
 */
public final class ItemSteps {
  private ItemSteps() {}

  /**
   * One step: the composite it sits in (empty: none), its own name, and what its items are called
   * in a progress line.
   */
  public record Step(String composite, String name, String items) {
    /** Beam's full name of the step, {@code composite/name} (the name alone at the top). */
    public String path() {
      return composite.isEmpty() ? name : composite + "/" + name;
    }
  }

  public static final Step DOWNLOAD = new Step("DownloadMedia", "Download", "media");
  public static final Step INGEST = new Step("", "StoreAndDescribe", "files");
  public static final Step PROCESS = new Step("ProcessVideos", "Process", "videos");
  public static final Step ENCODE = new Step("EncodeSamples", "Encode", "videos");

  public static final List<Step> ALL = List.of(DOWNLOAD, INGEST, PROCESS, ENCODE);
}
