/**
 * The records' schemas (the Avro {@code .avsc} files generate {@code io.chfen.records}), their
 * Parquet files, the tensor codec, the Plutchik wheel, the shards' manifest, and the constants
 * stages share: stages, statuses, analyses, page outcomes, failures, the build's version, the
 * device.
 *
 * <p>Depends on no other module; everything depends on it.
 */
package io.chfen.schemas;
