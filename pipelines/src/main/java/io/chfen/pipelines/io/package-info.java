/**
 * Beam IO for the project's records: Avro coders, Parquet readers and writers, the videos as a
 * work-queue source, clearing a previous run's record files.
 */
package io.chfen.pipelines.io;
