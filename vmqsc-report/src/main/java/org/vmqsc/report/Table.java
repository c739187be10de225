package org.vmqsc.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A table of text cells, the same for the terminal and the HTML report: the first
 * {@code labelColumns} columns name the row (left-aligned), the rest are numbers (right-aligned).
 */
public record Table(List<String> header, List<List<String>> rows, int labelColumns) {
  public Table {
    header = List.copyOf(header);
    rows = rows.stream().map(List::copyOf).toList();
  }

  /** One row per protocol, a column per {@link Metric#compared()} metric. */
  public static Table of(Comparison c) {
    return withLabels(List.of("protocol"), c, List.of(), scales(List.of(c)));
  }

  /**
   * The unit of each compared metric over all these comparisons: one per column, so that the
   * table and the chart of a metric read in the same unit.
   */
  static Map<Metric, Formats.Scale> scales(List<Comparison> cs) {
    Map<Metric, Formats.Scale> scales = new EnumMap<>(Metric.class);
    for (Metric m : Metric.compared()) {
      double max = cs.stream().flatMap(c -> c.summaries().stream())
          .mapToDouble(s -> Math.abs(s.get(m).mean())).max().orElse(0);
      scales.put(m, Formats.scale(m, max));
    }
    return scales;
  }

  /** A column's header: the label, and the unit when the cells are scaled into one. */
  static String header(Metric m, Formats.Scale sc) {
    if (m == Metric.VIOLATIONS) {
      return "violations (sum)";
    }
    return m.kind() == Metric.Kind.BYTES ? m.label() + " (" + sc.unit() + ")" : m.label();
  }

  /** A cell: the mean in the column's unit, "± ci" added for several seeds. */
  static String cell(Metric m, Formats.Scale sc, Stats st, boolean withCi) {
    if (m != Metric.VIOLATIONS && m.kind() == Metric.Kind.BYTES) {
      String mean = Formats.inScale(m, sc, st.mean());
      return withCi && st.n() > 1 ? mean + " ± " + Formats.inScale(m, sc, st.ci95()) : mean;
    }
    return Formats.human(m, st, withCi);
  }

  /** One row per (value, protocol), the varied value first. */
  public static Table of(Sweep sweep) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = null;
    Map<Metric, Formats.Scale> scales =
        scales(sweep.points().stream().map(Sweep.Point::comparison).toList());
    for (Sweep.Point p : sweep.points()) {
      Table t = withLabels(List.of(sweep.key().key(), "protocol"), p.comparison(),
          List.of(p.value()), scales);
      header = t.header();
      rows.addAll(t.rows());
    }
    return new Table(header, rows, 2);
  }

  private static Table withLabels(List<String> labels, Comparison c, List<String> prefix,
      Map<Metric, Formats.Scale> scales) {
    List<String> header = new ArrayList<>(labels);
    for (Metric m : Metric.compared()) {
      header.add(header(m, scales.get(m)));
    }
    List<List<String>> rows = new ArrayList<>();
    for (Comparison.Summary s : c.summaries()) {
      List<String> row = new ArrayList<>(prefix);
      row.add(s.protocol());
      for (Metric m : Metric.compared()) {
        row.add(cell(m, scales.get(m), s.get(m), c.seeds() > 1));
      }
      rows.add(row);
    }
    return new Table(header, rows, labels.size());
  }

  /** Aligned columns, two spaces apart, one line per row after the header. */
  public String text() {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> row : rows) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, width);
    for (List<String> row : rows) {
      line(out, row, width);
    }
    return out.toString();
  }

  private void line(StringBuilder out, List<String> cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append("  ");
      }
      String pad = " ".repeat(width[i] - cells.get(i).length());
      line.append(i < labelColumns ? cells.get(i) + pad : pad + cells.get(i));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
