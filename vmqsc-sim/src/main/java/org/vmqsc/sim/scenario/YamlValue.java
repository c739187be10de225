package org.vmqsc.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One value of a parsed scenario file together with its dotted path ({@code traffic[1].rate}), so
 * that every refusal can name the exact key. Scenario files are walked by hand through this class
 * rather than bound to classes, because binding cannot refuse unknown keys with their full path
 * and cannot report units and ranges in the user's own words. The runtime's cluster config is read
 * through this class too, so both files take the same units and fail with the same messages.
 */
public final class YamlValue {
  private static final String ROOT = "(top level)";

  private final String file;
  private final String path;
  private final JsonNode node; // null when the key is absent

  private YamlValue(String file, String path, JsonNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  public static YamlValue root(String file, JsonNode node) {
    return new YamlValue(file, "", node);
  }

  public String path() {
    return path.isEmpty() ? ROOT : path;
  }

  /** An explicit YAML null ({@code key:} with nothing after it) counts as absent. */
  public boolean isPresent() {
    return node != null && !node.isMissingNode() && !node.isNull();
  }

  public boolean isMap() {
    return isPresent() && node.isObject();
  }

  public boolean isText() {
    return isPresent() && node.isTextual();
  }

  /** Fails unless this is a map whose keys are all among {@code known}; returns this. */
  public YamlValue mapWithKeys(List<String> known) {
    expect(isMap(), "a map");
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw get(key).fail("unknown key (known: " + String.join(", ", known) + ")");
      }
    }
    return this;
  }

  public boolean has(String key) {
    return get(key).isPresent();
  }

  /** The value under {@code key} of this map (absent if the key is not there). */
  public YamlValue get(String key) {
    String childPath = path.isEmpty() ? key : path + "." + key;
    return new YamlValue(file, childPath, isMap() ? node.get(key) : null);
  }

  public YamlValue required() {
    if (!isPresent()) {
      throw fail("required, but missing");
    }
    return this;
  }

  public List<YamlValue> items() {
    expect(isPresent() && node.isArray(), "a list");
    List<YamlValue> items = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      items.add(new YamlValue(file, path + "[" + i + "]", node.get(i)));
    }
    return items;
  }

  public String text() {
    expect(isText(), "a string");
    return node.textValue();
  }

  public long integer() {
    expect(isPresent() && node.isIntegralNumber() && node.canConvertToLong(), "a whole number");
    return node.longValue();
  }

  /** An integer that must also fit an int; most counts and indexes are ints in the model. */
  public int smallInteger() {
    long value = integer();
    check(value == (int) value, "must fit in 32 bits");
    return (int) value;
  }

  public double number() {
    expect(isPresent() && node.isNumber(), "a number");
    double value = node.doubleValue();
    check(Double.isFinite(value), "must be finite");
    return value;
  }

  /** A duration in milliseconds; may be fractional (network delays, clock offsets). */
  public double millis() {
    return unit(Units.millis(scalarText()), "duration", Units.DURATION_HINT).doubleValue();
  }

  /** A duration that must be a whole number of milliseconds, as the model keeps it in a long. */
  public long wholeMillis() {
    return whole(Units.millis(scalarText()), "duration", Units.DURATION_HINT, "milliseconds");
  }

  public long positiveMillis() {
    long millis = wholeMillis();
    check(millis > 0, "must be > 0");
    return millis;
  }

  public long nonNegativeMillis() {
    long millis = wholeMillis();
    check(millis >= 0, "must be >= 0");
    return millis;
  }

  public long positiveBytes() {
    long bytes = wholeBytes();
    check(bytes > 0, "must be > 0");
    return bytes;
  }

  public long wholeBytes() {
    return whole(Units.bytes(scalarText()), "size", Units.SIZE_HINT, "bytes");
  }

  public double bytesPerSecond() {
    return unit(Units.bytesPerSecond(scalarText()), "bandwidth", Units.BANDWIDTH_HINT).doubleValue();
  }

  /** Fails with "{@code problem}, got RAW" unless {@code ok}. */
  public void check(boolean ok, String problem) {
    if (!ok) {
      throw fail(problem + ", got " + raw());
    }
  }

  public ScenarioException fail(String problem) {
    return new ScenarioException(file, path(), problem);
  }

  /** The value as the user wrote it, for messages. */
  public String raw() {
    if (!isPresent()) {
      return "nothing";
    }
    if (node.isObject()) {
      return "a map";
    }
    if (node.isArray()) {
      return "a list";
    }
    return node.isTextual() ? "'" + node.textValue() + "'" : node.toString();
  }

  private void expect(boolean ok, String what) {
    check(ok, "must be " + what);
  }

  // A unit-bearing value that YAML read as a number (e.g. a bare 10) is "malformed", not "wrong
  // type": the fix is the same, add a unit.
  private String scalarText() {
    expect(isPresent() && node.isValueNode(), "a value with a unit");
    return node.asText();
  }

  private BigDecimal unit(BigDecimal value, String kind, String hint) {
    if (value == null) {
      throw fail("malformed " + kind + " '" + node.asText() + "' (" + hint + ")");
    }
    return value;
  }

  private long whole(BigDecimal value, String kind, String hint, String units) {
    BigDecimal exact = unit(value, kind, hint).stripTrailingZeros();
    check(exact.scale() <= 0, "must be a whole number of " + units);
    check(exact.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0, "is too large");
    return exact.longValueExact();
  }
}
