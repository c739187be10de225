package org.vmqsc.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of the reports, drawn with XChart, and their encodings: PNG, and SVG made
 * deterministic (the encoder names clip paths after object hashes) and safe to inline several
 * to a page (ids are prefixed with the chart's name, so one chart's clip never clips another).
 */
public final class Charts {
  static final int WIDTH = 640;
  static final int HEIGHT = 400;

  private static final Pattern ID = Pattern.compile("id=\"([^\"]+)\"");
  private static final Pattern PROLOG = Pattern.compile("^\\s*<\\?xml[^>]*\\?>\\s*");
  private static final Pattern DOCTYPE = Pattern.compile("<!DOCTYPE[^>]*>\\s*");

  static {
    // Reports are made on servers and in CI; AWT must not look for a display.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {}

  /** A drawn chart and the file name (without extension) it is saved under. */
  public record Figure(String name, String title, Chart<?, ?> chart) {
    public byte[] png() {
      try {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // in memory: no I/O can fail
      }
    }

    /** A standalone SVG document, without DOCTYPE (no DTD to fetch), deterministic ids. */
    public String svg() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        VectorGraphicsEncoder.saveVectorGraphic(chart, out,
            VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String svg = out.toString(StandardCharsets.UTF_8);
      return renumberIds(DOCTYPE.matcher(svg).replaceFirst(""), name);
    }

  }

  /** The {@code <svg>} element of an SVG document alone, to inline into an HTML page. */
  static String inline(String svgDocument) {
    return PROLOG.matcher(svgDocument).replaceFirst("").strip();
  }

  /** One bar per name; error bars of ± {@code ci} when given. Values are all ≥ 0. */
  public static Figure bars(String name, String title, String yTitle, List<String> names,
      double[] values, double[] ci) {
    // The bars are the protocols: the axis says so, as every axis names what it counts.
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("protocol").yAxisTitle(yTitle).build();
    style(c.getStyler());
    c.getStyler().setLegendVisible(false);
    c.getStyler().setErrorBarsColor(Color.BLACK);
    fromZero(c.getStyler(), values, ci);
    List<Double> ys = Arrays.stream(values).boxed().toList();
    if (ci == null) {
      c.addSeries(yTitle, names, ys);
    } else {
      c.addSeries(yTitle, names, ys, Arrays.stream(ci).boxed().toList());
    }
    return new Figure(name, title, c);
  }

  /** A line of a line chart: points sorted by x when drawn; {@code err} may be null. */
  public record Line(String name, double[] x, double[] y, double[] err) {}

  /** One line per series, against a numeric x axis. */
  public static Figure lines(String name, String title, String xTitle, String yTitle,
      List<Line> lines) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    style(c.getStyler());
    c.getStyler().setErrorBarsColorSeriesColor(true);
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    double[] all = lines.stream().flatMapToDouble(l -> Arrays.stream(l.y())).toArray();
    fromZero(c.getStyler(), all, null);
    double maxX = lines.stream().flatMapToDouble(l -> Arrays.stream(l.x())).map(Math::abs)
        .max().orElse(1);
    c.getStyler().setXAxisDecimalPattern(Formats.tickPattern(maxX));
    for (Line l : lines) {
      Integer[] order = sortedByX(l.x());
      double[] x = pick(l.x(), order);
      double[] y = pick(l.y(), order);
      if (l.err() == null) {
        c.addSeries(l.name(), x, y);
      } else {
        c.addSeries(l.name(), x, y, pick(l.err(), order));
      }
    }
    return new Figure(name, title, c);
  }

  /**
   * Simulated against analytic values: the points, the line y = x, and the marked points drawn
   * larger on top, each under its own legend entry.
   */
  public static Figure agreement(String name, String title, String xTitle, String yTitle,
      double[] x, double[] y, Map<String, double[]> marked) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    style(c.getStyler());
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    double max = Math.max(Arrays.stream(x).max().orElse(1), Arrays.stream(y).max().orElse(1));
    double top = max <= 0 ? 1 : max * 1.05;
    c.getStyler().setXAxisMin(0.0).setXAxisMax(top).setYAxisMin(0.0).setYAxisMax(top);
    XYSeries diagonal = c.addSeries("y = x", new double[] {0, top}, new double[] {0, top});
    diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    diagonal.setMarker(SeriesMarkers.NONE);
    diagonal.setLineColor(Color.GRAY);
    XYSeries points = c.addSeries("simulated", x, y);
    points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    points.setMarker(SeriesMarkers.CIRCLE);
    for (Map.Entry<String, double[]> m : new LinkedHashMap<>(marked).entrySet()) {
      XYSeries point = c.addSeries(m.getKey(), new double[] {m.getValue()[0]},
          new double[] {m.getValue()[1]});
      point.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      point.setMarker(SeriesMarkers.DIAMOND);
      point.setMarkerColor(Color.RED);
    }
    c.getStyler().setMarkerSize(9);
    return new Figure(name, title, c);
  }

  private static void style(Styler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setAntiAlias(true);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
  }

  /** Every value here is a count, share, size or time: the axis starts at 0 and is never empty. */
  private static void fromZero(org.knowm.xchart.style.AxesChartStyler s, double[] values,
      double[] ci) {
    s.setYAxisMin(0.0);
    double max = 0;
    for (int i = 0; i < values.length; i++) {
      max = Math.max(max, values[i] + (ci == null ? 0 : ci[i]));
    }
    if (max <= 0) {
      s.setYAxisMax(1.0); // all zero: XChart would otherwise draw a degenerate axis
    }
    // XChart's own labels read "88.47591390703738" or "2.5E5".
    s.setYAxisDecimalPattern(Formats.tickPattern(max <= 0 ? 1 : max));
  }

  private static Integer[] sortedByX(double[] x) {
    Integer[] order = new Integer[x.length];
    for (int i = 0; i < x.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
    return order;
  }

  private static double[] pick(double[] values, Integer[] order) {
    double[] out = new double[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = values[order[i]];
    }
    return out;
  }

  /** Gives every id of {@code svg} the name {@code prefix-N}, N counting from 1 in order. */
  static String renumberIds(String svg, String prefix) {
    Map<String, String> renamed = new LinkedHashMap<>();
    Matcher m = ID.matcher(svg);
    while (m.find()) {
      renamed.putIfAbsent(m.group(1), prefix + "-" + (renamed.size() + 1));
    }
    String out = svg;
    for (Map.Entry<String, String> e : renamed.entrySet()) {
      String from = Pattern.quote(e.getKey());
      String to = Matcher.quoteReplacement(e.getValue());
      out = out.replaceAll("id=\"" + from + "\"", "id=\"" + to + "\"")
          .replaceAll("#" + from + "([)\"])", "#" + to + "$1");
    }
    return out;
  }
}
