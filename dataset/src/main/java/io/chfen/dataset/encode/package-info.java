/**
 * The encode stage's logic, plain Java: one processed video into one shard row on the time grid
 * ({@link io.chfen.dataset.encode.SampleEncoder}), its spec ({@link
 * io.chfen.dataset.encode.EncodeSpec}), the metadata context vector, the faces on the grid, and the
 * facts the manifest records.
 *
 * <p>No Beam and no file layout of its own: names come from {@code io.chfen.layout}, the manifest
 * is read and written by {@link io.chfen.schemas.ShardManifest}.
 */
package io.chfen.dataset.encode;
