package org.vmqsc.report;

import java.util.List;

/**
 * A self-contained HTML report: the table and every chart in one file, the charts inlined as SVG,
 * no script, no external file or network fetch. Its content depends only on the results and the
 * {@link Provenance} given (which holds the date), so the same runs with the same provenance give
 * the same bytes.
 */
final class HtmlPage {
  private static final String STYLE = """
      body { font-family: sans-serif; margin: 1.5em; color: #222; }
      h1 { font-size: 1.4em; }
      p.meta { max-width: 60em; line-height: 1.4; }
      p.provenance { max-width: 60em; font-size: 0.85em; color: #555; overflow-wrap: anywhere; }
      ul.notes { font-size: 0.9em; color: #444; }
      /* A wide table scrolls inside its own box; the page never scrolls sideways. */
      div.table { max-width: 100%; overflow-x: auto; }
      table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
      th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; }
      th { background: #eee; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      .charts { display: flex; flex-wrap: wrap; gap: 1em; }
      figure.chart { margin: 0; border: 1px solid #ddd; }
      figure.chart figcaption { font-size: 0.85em; padding: 0.2em 0.5em; background: #f6f6f6; }
      figure.chart svg { display: block; width: 640px; height: 400px; }
      """;

  private final StringBuilder body = new StringBuilder();
  private final String title;

  HtmlPage(String title) {
    this.title = title;
    body.append("<h1>").append(escape(title)).append("</h1>\n");
  }

  HtmlPage paragraph(String text) {
    body.append("<p class=\"meta\">").append(escape(text)).append("</p>\n");
    return this;
  }

  HtmlPage heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  HtmlPage provenance(Provenance p) {
    body.append("<p class=\"provenance\" id=\"provenance\">").append(escape(p.sentence()))
        .append("</p>\n");
    return this;
  }

  /** Why some metrics have no chart; nothing when every metric has one. */
  HtmlPage notes(List<String> notes) {
    if (!notes.isEmpty()) {
      body.append("<ul class=\"notes\" id=\"notes\">\n");
      notes.forEach(n -> body.append("<li>").append(escape(n)).append("</li>\n"));
      body.append("</ul>\n");
    }
    return this;
  }

  HtmlPage table(String id, Table t) {
    body.append("<div class=\"table\">\n<table id=\"").append(escape(id))
        .append("\">\n<thead><tr>");
    t.header().forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
    body.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : t.rows()) {
      body.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        body.append(i < t.labelColumns() ? "<td>" : "<td class=\"num\">")
            .append(escape(row.get(i))).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</tbody>\n</table>\n</div>\n");
    return this;
  }

  /** The figures side by side, each with its title as caption and its SVG inline. */
  HtmlPage charts(List<Charts.Figure> figures, List<String> svgs) {
    body.append("<div class=\"charts\">\n");
    for (int i = 0; i < figures.size(); i++) {
      Charts.Figure f = figures.get(i);
      body.append("<figure class=\"chart\" id=\"chart-").append(escape(f.name())).append("\">\n")
          .append("<figcaption>").append(escape(f.title())).append("</figcaption>\n")
          .append(svgs.get(i)).append("\n</figure>\n");
    }
    body.append("</div>\n");
    return this;
  }

  String render() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n"
        + body + "</body>\n</html>\n";
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
