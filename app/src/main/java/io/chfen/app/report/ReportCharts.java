package io.chfen.app.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;

/** The report's charts, drawn headless into the page as PNG: one flat style for all. */
final class ReportCharts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static final Color BAR = new Color(0x3b6fb6);

  private final ReportHtml page;

  ReportCharts(ReportHtml page) {
    this.page = page;
  }

  /** A bar chart of one series. */
  void bars(
      String title,
      String valueLabel,
      DefaultCategoryDataset d,
      boolean horizontal,
      int width,
      int height)
      throws IOException {
    draw(
        ChartFactory.createBarChart(
            title,
            null,
            valueLabel,
            d,
            horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL,
            false,
            false,
            false),
        width,
        height);
  }

  /** A half-width histogram of videos over {@code values} (10 bins); nothing when empty. */
  void histogram(String title, String xLabel, double[] values) throws IOException {
    if (values.length == 0) {
      return;
    }
    HistogramDataset h = new HistogramDataset();
    h.addSeries(xLabel, values, 10);
    draw(ChartFactory.createHistogram(title, xLabel, "videos", h), 540, 320);
  }

  private void draw(JFreeChart chart, int w, int h) throws IOException {
    chart.setBackgroundPaint(Color.WHITE);
    Plot plot = chart.getPlot();
    plot.setBackgroundPaint(Color.WHITE);
    if (plot instanceof CategoryPlot c) {
      c.setRangeGridlinePaint(Color.LIGHT_GRAY);
      c.getRenderer().setSeriesPaint(0, BAR);
      ((BarRenderer) c.getRenderer()).setBarPainter(new StandardBarPainter());
    } else if (plot instanceof XYPlot x) {
      x.setRangeGridlinePaint(Color.LIGHT_GRAY);
      x.setDomainGridlinePaint(Color.LIGHT_GRAY);
      x.getRenderer().setSeriesPaint(0, BAR);
      if (x.getRenderer() instanceof XYBarRenderer b) {
        b.setBarPainter(new StandardXYBarPainter());
        b.setShadowVisible(false);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(png, chart, w, h);
    page.image(
        chart.getTitle() == null ? "chart" : chart.getTitle().getText(),
        Base64.getEncoder().encodeToString(png.toByteArray()));
  }
}
