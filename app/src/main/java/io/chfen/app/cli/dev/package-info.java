/**
 * {@code chfen dev}: the benchmarks ({@code chfen dev bench ...}) and the quality evaluations
 * against the sample corpus's truth ({@code chfen dev eval ...}).
 *
 * <p>Each command only wires options to a harness in {@code io.chfen.app.bench} or an evaluation in
 * {@code io.chfen.dataset.eval} and prints its table.
 */
package io.chfen.app.cli.dev;
