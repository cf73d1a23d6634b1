package io.chfen.pipelines.cli;

import io.chfen.pipelines.process.ProcessConfig;
import picocli.CommandLine.Option;

/** The process stage's settings on the command line (defaults: {@link ProcessConfig}). */
final class ProcessOptions {
  @Option(
      names = "--max-duration-s",
      description = "Longest video processed; longer ones fail with duration_exceeds_limit.")
  Double maxDurationS;

  @Option(
      names = "--max-pixels",
      description = "Largest frame (width × height); larger fail with resolution_exceeds_limit.")
  Long maxPixels;

  @Option(
      names = "--time-budget-ms",
      description = "Wall time one video may take; beyond it fails with time_budget_exceeded.")
  Long timeBudgetMs;

  @Option(names = "--keyframe-fps", description = "Keyframes per second (default 1).")
  Double keyframeFps;

  ProcessConfig config() {
    ProcessConfig c = new ProcessConfig();
    if (maxDurationS != null) {
      c.maxDurationS = maxDurationS;
    }
    if (maxPixels != null) {
      c.maxPixels = maxPixels;
    }
    if (timeBudgetMs != null) {
      c.timeBudgetMs = timeBudgetMs;
    }
    if (keyframeFps != null) {
      c.keyframeFps = keyframeFps;
    }
    return c;
  }
}
