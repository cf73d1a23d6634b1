/**
 * The sample corpus generator: videos with ground truth (subtitles, faces, stems) rendered from
 * real material in Debian packages, deterministic for a seed, and broken inputs.
 *
 * <p>It writes the ground-truth layout of {@link io.chfen.layout.GroundTruth}; it depends on no
 * analyzer, so every module can test against it.
 */
package io.chfen.sample.corpus;
