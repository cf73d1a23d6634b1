/**
 * The process stage's logic, plain Java: one video decoded once through every analyzer into its
 * artifacts directory ({@link io.chfen.dataset.process.VideoProcessor}), the spec that says which
 * analyzers run and how ({@link io.chfen.dataset.process.ProcessSpec}), anonymization and speech to
 * text after the pass.
 *
 * <p>No Beam: {@code io.chfen.pipelines.process} wraps these classes. The analyzers themselves live
 * in encoders/.
 */
package io.chfen.dataset.process;
