/**
 * A standalone Flink session cluster on loopback, started from Maven-resolved jars (JobManager and
 * TaskManagers, each its own JVM), and a job's progress read from its REST API.
 *
 * <p>No pipeline code: the jobs are the ones {@code io.chfen.pipelines} builds, submitted by the
 * FlinkRunner.
 */
package io.chfen.app.flink;
