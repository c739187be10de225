package org.vmqsc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A results file as {@link CsvLog} writes it, read back for {@link ScalingChart}: a header, then
 * rows of as many cells, no quoting (the benches never write a comma into a cell). Anything else
 * is a {@link Malformed} naming the file and line.
 */
final class ResultsCsv {
  /** A results file that cannot be read as one; the message is one line for the user. */
  static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message);
    }
  }

  /** One row, with where it came from for the messages. */
  record Row(String file, int line, List<String> header, List<String> cells) {
    String text(String column) {
      return cells.get(header.indexOf(column));
    }

    /** The column as a number; NaN when the cell is empty (a figure the run did not take). */
    double number(String column) {
      String v = text(column);
      if (v.isEmpty()) {
        return Double.NaN;
      }
      try {
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new Malformed(file + ":" + line + ": " + column + " is '" + v + "', not a number");
      }
    }
  }

  final String file;
  final List<String> header;
  final List<Row> rows;

  private ResultsCsv(String file, List<String> header, List<Row> rows) {
    this.file = file;
    this.header = header;
    this.rows = rows;
  }

  static ResultsCsv read(Path path) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Malformed("cannot read " + path + ": " + e.getMessage());
    }
    String file = path.toString();
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      throw new Malformed(file + ": empty, no header line");
    }
    List<String> header = List.of(lines.get(0).strip().split(",", -1));
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> cells = List.of(lines.get(i).strip().split(",", -1));
      if (cells.size() != header.size()) {
        throw new Malformed(file + ":" + (i + 1) + ": " + cells.size() + " cells, the header has "
            + header.size());
      }
      rows.add(new Row(file, i + 1, header, cells));
    }
    return new ResultsCsv(file, header, rows);
  }

  boolean has(List<String> columns) {
    return header.containsAll(columns);
  }
}
