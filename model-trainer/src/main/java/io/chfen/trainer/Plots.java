package io.chfen.trainer;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The run's PNG charts (JFreeChart, headless): loss and metric curves, the confusion matrix. */
final class Plots {
  private static final int W = 900;
  private static final int H = 520;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Plots() {}

  /** Training and validation loss per epoch, one pair of lines per run. */
  static void losses(Path file, Map<String, List<Training.Epoch>> runs) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    runs.forEach(
        (name, history) -> {
          add(data, name + " train", history, Training.Epoch::trainLoss);
          add(data, name + " validation", history, Training.Epoch::validationLoss);
        });
    write(file, lines("Loss per epoch", "loss", data));
  }

  /** Validation WAR, UAR and macro-F1 per epoch, per run. */
  static void metrics(Path file, Map<String, List<Training.Epoch>> runs) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    runs.forEach(
        (name, history) -> {
          add(data, name + " macro-F1", history, Training.Epoch::validationMacroF1);
          add(data, name + " WAR", history, Training.Epoch::validationWar);
          add(data, name + " UAR", history, Training.Epoch::validationUar);
        });
    JFreeChart chart = lines("Validation scores per epoch", "score", data);
    ((NumberAxis) chart.getXYPlot().getRangeAxis()).setRange(0, 1);
    write(file, chart);
  }

  /** A confusion matrix as a heat map with the counts written in, rows truth, columns guesses. */
  static void confusion(Path file, String title, List<String> classes, long[][] counts)
      throws IOException {
    int k = counts.length;
    double[][] xyz = new double[3][k * k];
    long max = 1;
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        int i = t * k + p;
        xyz[0][i] = p;
        xyz[1][i] = t;
        xyz[2][i] = counts[t][p];
        max = Math.max(max, counts[t][p]);
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("count", xyz);
    String[] names = classes.toArray(new String[0]);
    SymbolAxis x = new SymbolAxis("predicted", names);
    SymbolAxis y = new SymbolAxis("true", names);
    y.setInverted(true);
    x.setRange(-0.5, k - 0.5);
    y.setRange(-0.5, k - 0.5);
    x.setGridBandsVisible(false);
    y.setGridBandsVisible(false);
    XYBlockRenderer r = new XYBlockRenderer();
    long top = max;
    r.setPaintScale(
        new PaintScale() {
          @Override
          public double getLowerBound() {
            return 0;
          }

          @Override
          public double getUpperBound() {
            return top;
          }

          @Override
          public java.awt.Paint getPaint(double v) {
            float s = (float) Math.min(1, v / top);
            return new Color(1 - 0.8f * s, 1 - 0.55f * s, 1 - 0.2f * s);
          }
        });
    r.setDefaultItemLabelGenerator(
        (dataset, series, item) -> {
          long c = (long) ((DefaultXYZDataset) dataset).getZValue(series, item);
          return c == 0 ? "" : Long.toString(c);
        });
    r.setDefaultItemLabelsVisible(true);
    r.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    XYPlot plot = new XYPlot(data, x, y, r);
    plot.setBackgroundPaint(Color.WHITE);
    JFreeChart chart = new JFreeChart(title, plot);
    chart.removeLegend();
    chart.setBackgroundPaint(Color.WHITE);
    write(file, chart, 720, 640);
  }

  private static void add(
      XYSeriesCollection data,
      String name,
      List<Training.Epoch> history,
      ToDoubleFunction<Training.Epoch> value) {
    XYSeries s = new XYSeries(name);
    for (Training.Epoch e : history) {
      double v = value.applyAsDouble(e);
      if (!Double.isNaN(v)) {
        s.add(e.epoch(), v);
      }
    }
    if (s.getItemCount() > 0) {
      data.addSeries(s);
    }
  }

  private static JFreeChart lines(String title, String yLabel, XYSeriesCollection data) {
    NumberAxis x = new NumberAxis("epoch");
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, x, y, new XYLineAndShapeRenderer(true, true));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(title, plot);
    chart.setBackgroundPaint(Color.WHITE);
    if (data.getSeriesCount() == 0) {
      chart.addSubtitle(new TextTitle("no values to plot"));
    }
    return chart;
  }

  /**
   * Modality contributions as grouped bars: for each group (an emotion, a language, with its number
   * of videos), the mean drop in the predicted emotion's probability when each modality is masked
   * out.
   */
  static void contributions(Path file, String title, Map<String, Contributions.Group> groups)
      throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    groups.forEach(
        (name, g) ->
            g.ablation()
                .forEach(
                    (modality, drop) ->
                        data.addValue(drop, modality, name + " (" + g.videos() + ")")));
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, null, "mean drop in the predicted emotion's probability", data);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
    chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
    BarRenderer bars = (BarRenderer) chart.getCategoryPlot().getRenderer();
    bars.setBarPainter(new StandardBarPainter());
    Color[] palette = {
      new Color(0xe0, 0x7b, 0x39),
      new Color(0x3b, 0x6f, 0xb6),
      new Color(0x4a, 0x9c, 0x5d),
      new Color(0x8e, 0x5e, 0xa2),
      new Color(0x5b, 0x65, 0x73)
    };
    for (int i = 0; i < palette.length; i++) {
      bars.setSeriesPaint(i, palette[i]);
    }
    if (groups.isEmpty()) {
      chart.addSubtitle(new TextTitle("no predictions to explain"));
    }
    write(file, chart);
  }

  private static void write(Path file, JFreeChart chart) throws IOException {
    write(file, chart, W, H);
  }

  private static void write(Path file, JFreeChart chart, int w, int h) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    ChartUtils.saveChartAsPNG(tmp.toFile(), chart, w, h);
    io.chfen.files.FileOps.moveAtomically(tmp, file);
  }
}
