package org.vmqsc.report;

import java.util.List;

/**
 * A report's table as a LaTeX {@code tabular} to paste into a paper: the same cells as the HTML
 * table (mean ± the 95% CI half-width, one unit per column), every special character escaped,
 * no package needed beyond LaTeX itself. The provenance goes in comments above it.
 */
final class Latex {
  private Latex() {}

  static String table(Table t, String caption, Provenance p) {
    StringBuilder out = new StringBuilder();
    p.fields().forEach((k, v) -> out.append("% ").append(k).append(": ")
        .append(v.replaceAll("\\R", " ")).append('\n'));
    out.append("\\begin{table}\n\\centering\n\\caption{").append(escape(caption))
        .append("}\n\\begin{tabular}{");
    for (int i = 0; i < t.header().size(); i++) {
      out.append(i < t.labelColumns() ? 'l' : 'r');
    }
    out.append("}\n\\hline\n");
    row(out, t.header());
    out.append("\\hline\n");
    for (List<String> r : t.rows()) {
      row(out, r);
    }
    out.append("\\hline\n\\end{tabular}\n\\end{table}\n");
    return out.toString();
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append(String.join(" & ", cells.stream().map(Latex::escape).toList()))
        .append(" \\\\\n");
  }

  /** LaTeX's ten special characters, and ± as math. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (char ch : text.toCharArray()) {
      switch (ch) {
        case '\\' -> out.append("\\textbackslash{}");
        case '&', '%', '$', '#', '_', '{', '}' -> out.append('\\').append(ch);
        case '~' -> out.append("\\textasciitilde{}");
        case '^' -> out.append("\\textasciicircum{}");
        case '±' -> out.append("$\\pm$");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
