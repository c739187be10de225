package org.vmqsc.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Comparisons and sweeps as JSON and CSV, flat: one object or line per protocol (and value), with
 * the keys of {@code vmqsc simulate --json} holding means over the seeds, each followed by
 * {@code <key>Ci95}, the half-width of its 95% confidence interval (0 for one seed). Besides,
 * {@code violationsTotal} counts violations over all seeds, {@code violationDetails} lists
 * the first few, and {@code runs} holds every run's raw values (its seed and each key). The
 * per-run CSV ({@link #runsCsv}) has one line per protocol and seed.
 */
public final class Results {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CI = "Ci95";

  private Results() {}

  public static ArrayNode json(Comparison c) {
    ArrayNode array = MAPPER.createArrayNode();
    c.summaries().forEach(s -> array.add(json(c, s)));
    return array;
  }

  public static ArrayNode json(Sweep sweep) {
    ArrayNode array = MAPPER.createArrayNode();
    for (Sweep.Point p : sweep.points()) {
      for (Comparison.Summary s : p.comparison().summaries()) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("key", sweep.key().key());
        o.put("value", p.value());
        o.put("x", p.x());
        o.setAll(json(p.comparison(), s));
        array.add(o);
      }
    }
    return array;
  }

  static ObjectNode json(Comparison c, Comparison.Summary s) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("protocol", s.protocol());
    o.put("scenario", c.scenario());
    o.put("seeds", c.seeds());
    o.put("firstSeed", c.firstSeed());
    o.put("oracle", c.oracle());
    for (Metric m : Metric.values()) {
      o.put(m.key(), s.get(m).mean());
      o.put(m.key() + CI, s.get(m).ci95());
    }
    o.put("violationsTotal", s.violationsTotal());
    ArrayNode details = o.putArray("violationDetails");
    s.sampleViolations().forEach(v -> details.add(v.toString()));
    ArrayNode runs = o.putArray("runs");
    for (int i = 0; i < s.runs().size(); i++) {
      ObjectNode run = runs.addObject();
      run.put("seed", c.firstSeed() + i);
      s.runs().get(i).forEach((m, v) -> putNumber(run, m, v));
    }
    return o;
  }

  /** A metric integral in one run is a JSON integer there, as in simulate --json. */
  private static void putNumber(ObjectNode o, Metric m, double v) {
    if (m.integral() && v == Math.rint(v)) {
      o.put(m.key(), (long) v);
    } else {
      o.put(m.key(), v);
    }
  }

  /** A results file: {"provenance": {...}, "results": [the array of json(c)]}. */
  public static ObjectNode document(Provenance p, ArrayNode results) {
    ObjectNode doc = MAPPER.createObjectNode();
    ObjectNode prov = doc.putObject("provenance");
    p.fields().forEach(prov::put);
    doc.set("results", results);
    return doc;
  }

  /** One line per run: protocol, seed and every metric's raw value (no means). */
  public static String runsCsv(Comparison c) {
    StringBuilder out = new StringBuilder();
    row(out, runsHeader(List.of()));
    runRows(out, c, List.of());
    return out.toString();
  }

  /** The same for every value of a sweep, the varied key and value first. */
  public static String runsCsv(Sweep sweep) {
    StringBuilder out = new StringBuilder();
    row(out, runsHeader(List.of("key", "value", "x")));
    for (Sweep.Point p : sweep.points()) {
      runRows(out, p.comparison(), List.of(sweep.key().key(), p.value(), Formats.plain(p.x())));
    }
    return out.toString();
  }

  private static List<String> runsHeader(List<String> first) {
    List<String> h = new ArrayList<>(first);
    h.addAll(List.of("protocol", "scenario", "seed"));
    for (Metric m : Metric.values()) {
      h.add(m.key());
    }
    return h;
  }

  private static void runRows(StringBuilder out, Comparison c, List<String> first) {
    for (Comparison.Summary s : c.summaries()) {
      for (int i = 0; i < s.runs().size(); i++) {
        List<String> v = new ArrayList<>(first);
        v.addAll(List.of(s.protocol(), c.scenario(), Long.toString(c.firstSeed() + i)));
        for (Metric m : Metric.values()) {
          v.add(Formats.plain(s.runs().get(i).get(m)));
        }
        row(out, v);
      }
    }
  }

  /** Pretty-printed, for files people may open. */
  public static String pretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of plain values always serialises
    }
  }

  public static String csv(Comparison c) {
    StringBuilder out = new StringBuilder();
    row(out, header(List.of()));
    for (Comparison.Summary s : c.summaries()) {
      row(out, values(c, s, List.of()));
    }
    return out.toString();
  }

  public static String csv(Sweep sweep) {
    StringBuilder out = new StringBuilder();
    row(out, header(List.of("key", "value", "x")));
    for (Sweep.Point p : sweep.points()) {
      for (Comparison.Summary s : p.comparison().summaries()) {
        row(out, values(p.comparison(), s,
            List.of(sweep.key().key(), p.value(), Formats.plain(p.x()))));
      }
    }
    return out.toString();
  }

  private static List<String> header(List<String> first) {
    List<String> h = new ArrayList<>(first);
    h.addAll(List.of("protocol", "scenario", "seeds", "firstSeed", "oracle"));
    for (Metric m : Metric.values()) {
      h.add(m.key());
      h.add(m.key() + CI);
    }
    h.add("violationsTotal");
    return h;
  }

  private static List<String> values(Comparison c, Comparison.Summary s, List<String> first) {
    List<String> v = new ArrayList<>(first);
    v.addAll(List.of(s.protocol(), c.scenario(), Integer.toString(c.seeds()),
        Long.toString(c.firstSeed()), Boolean.toString(c.oracle())));
    for (Metric m : Metric.values()) {
      v.add(Formats.plain(s.get(m).mean()));
      v.add(Formats.plain(s.get(m).ci95()));
    }
    v.add(Long.toString(s.violationsTotal()));
    return v;
  }

  /** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
  static void row(StringBuilder out, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String f = fields.get(i);
      out.append(f.matches("[^,\"\r\n]*") ? f : "\"" + f.replace("\"", "\"\"") + "\"");
    }
    out.append('\n');
  }
}
