/**
 * Beam only: the stages wired into pipelines ({@link io.chfen.pipelines.BuildPipeline} and a
 * package per stage), their multi-output results, and the counters that feed both Beam's metrics
 * and the live progress ({@link io.chfen.pipelines.StageCounter}).
 *
 * <p>The work itself is plain Java in dataset/ and encoders/; DoFns adapt it. No CLI, no printing,
 * no trainer.
 */
package io.chfen.pipelines;
