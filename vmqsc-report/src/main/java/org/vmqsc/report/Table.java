package org.vmqsc.report;

import java.util.ArrayList;
import java.util.List;

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
    return withLabels(List.of("protocol"), c, List.of());
  }

  /** One row per (value, protocol), the varied value first. */
  public static Table of(Sweep sweep) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = null;
    for (Sweep.Point p : sweep.points()) {
      Table t = withLabels(List.of(sweep.key().key(), "protocol"), p.comparison(),
          List.of(p.value()));
      header = t.header();
      rows.addAll(t.rows());
    }
    return new Table(header, rows, 2);
  }

  private static Table withLabels(List<String> labels, Comparison c, List<String> prefix) {
    List<String> header = new ArrayList<>(labels);
    for (Metric m : Metric.compared()) {
      header.add(m == Metric.VIOLATIONS ? "violations (sum)" : m.label());
    }
    List<List<String>> rows = new ArrayList<>();
    for (Comparison.Summary s : c.summaries()) {
      List<String> row = new ArrayList<>(prefix);
      row.add(s.protocol());
      for (Metric m : Metric.compared()) {
        row.add(Formats.human(m, s.get(m), c.seeds() > 1));
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
