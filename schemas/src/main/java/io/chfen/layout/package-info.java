/**
 * The one owner of every name on disk: a run's directories ({@link io.chfen.layout.RunLayout}), a
 * video's artifact files ({@link io.chfen.layout.ArtifactFiles}), a ground-truth corpus ({@link
 * io.chfen.layout.GroundTruth}).
 *
 * <p>Nothing else spells these names.
 */
package io.chfen.layout;
