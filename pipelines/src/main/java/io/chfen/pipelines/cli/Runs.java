package io.chfen.pipelines.cli;

import io.chfen.pipelines.Progress;
import java.util.List;
import java.util.function.Supplier;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** What every pipeline command does around its pipeline: options, a progress line, the wait. */
final class Runs {
  private Runs() {}

  /** Beam options from the command's pass-through arguments (--runner=..., ...). */
  static <T extends PipelineOptions> T options(
      List<String> beamArgs, Class<T> type, String jobName) {
    T o = PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new)).as(type);
    o.setJobName(jobName);
    return o;
  }

  /**
   * Runs a pipeline with the live progress line and waits until it ends; fails unless DONE. On a
   * Flink cluster the counters live in the TaskManagers, so the line shows the job's progress from
   * the cluster's REST API instead.
   */
  static void runWithProgress(PipelineOptions o, Supplier<PipelineResult> start) {
    Progress.reset();
    String master = flinkMaster(o);
    Supplier<String> line =
        master == null ? ProgressLine::counters : new FlinkJobProgress(master)::line;
    try (ProgressLine p = new ProgressLine(System.err, line)) {
      PipelineResult.State state = start.get().waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("pipeline ended " + state);
      }
    }
  }

  /** The Flink cluster's REST address when the job goes to one, else null. */
  static String flinkMaster(PipelineOptions o) {
    if (!o.getRunner().getSimpleName().equals("FlinkRunner")) {
      return null;
    }
    String master = o.as(FlinkPipelineOptions.class).getFlinkMaster();
    return master == null || master.startsWith("[") ? null : master;
  }
}
