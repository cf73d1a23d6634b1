/**
 * The encode stage's composites: {@code EncodeSamples}, {@code WriteTensorShards}, and {@code
 * EncodePipeline}, which writes the shards and their manifest.
 */
package io.chfen.pipelines.encode;
