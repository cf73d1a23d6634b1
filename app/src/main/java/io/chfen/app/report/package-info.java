/**
 * The dataset quality report: {@link io.chfen.app.report.ReportData} reads a build output, {@link
 * io.chfen.app.report.QualityReport} composes the sections, {@link io.chfen.app.report.ReportHtml}
 * writes the self-contained page, {@link io.chfen.app.report.ReportCharts} draws the charts into
 * it.
 *
 * <p>No measure is computed here that an evaluation in {@code io.chfen.dataset.eval} owns.
 */
package io.chfen.app.report;
