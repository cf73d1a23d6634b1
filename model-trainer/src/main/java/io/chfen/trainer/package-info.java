/**
 * CHFEN on DJL and PyTorch: the streaming shard dataset and batching, the net (one block per file:
 * {@link io.chfen.trainer.Chfen}, its projections, encoder layers and attention), losses, AdamW,
 * the training loop with checkpoints and provenance, evaluation, ablations, modality contributions,
 * cross-lingual transfer, plots.
 *
 * <p>It reads shards only through {@link io.chfen.schemas.ShardManifest}; it knows nothing of the
 * stages that wrote them.
 */
package io.chfen.trainer;
