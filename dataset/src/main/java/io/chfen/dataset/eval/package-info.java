/**
 * Quality against ground truth: subtitle OCR (CER, cue recall), separation (SI-SDR), faces (MOTA,
 * IDF1, person counts), run on a corpus with truth ({@link io.chfen.layout.GroundTruth}), or on
 * what a build wrote ({@link io.chfen.dataset.eval.TruthCheck}).
 *
 * <p>Measures only, returned as records: tables are printed in {@code io.chfen.app.print}.
 */
package io.chfen.dataset.eval;
