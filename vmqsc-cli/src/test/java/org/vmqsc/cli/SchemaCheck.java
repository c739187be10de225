package org.vmqsc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The part of JSON Schema (2020-12) that status.schema.json uses: type (one or a list), const,
 * required, properties, additionalProperties false, items. Says every place a value breaks it;
 * a keyword it does not know fails loudly, so the schema cannot silently ask more than is checked.
 */
final class SchemaCheck {
  private static final List<String> KNOWN = List.of("$schema", "$id", "title", "type", "const",
      "required", "properties", "additionalProperties", "items", "minimum", "description");

  private SchemaCheck() {}

  static List<String> problems(JsonNode schema, JsonNode value) {
    List<String> out = new ArrayList<>();
    check(schema, value, "$", out);
    return out;
  }

  /** Every property name the schema defines, at any depth (for the doc check). */
  static void propertyNames(JsonNode schema, Consumer<String> sink) {
    schema.path("properties").fields().forEachRemaining(f -> {
      sink.accept(f.getKey());
      propertyNames(f.getValue(), sink);
    });
    if (schema.has("items")) {
      propertyNames(schema.get("items"), sink);
    }
  }

  private static void check(JsonNode s, JsonNode v, String at, List<String> out) {
    s.fieldNames().forEachRemaining(k -> {
      if (!KNOWN.contains(k)) {
        throw new IllegalArgumentException("schema keyword not checked here: " + k);
      }
    });
    if (s.has("type") && !typeFits(s.get("type"), v)) {
      out.add(at + ": " + kind(v) + " where the schema wants " + s.get("type"));
      return;
    }
    if (s.has("const") && !s.get("const").equals(v)) {
      out.add(at + ": " + v + " is not " + s.get("const"));
    }
    if (s.has("minimum") && v.isNumber() && v.asDouble() < s.get("minimum").asDouble()) {
      out.add(at + ": " + v + " is below the minimum " + s.get("minimum"));
    }
    if (v.isObject()) {
      for (JsonNode r : s.path("required")) {
        if (!v.has(r.asText())) {
          out.add(at + ": no " + r.asText());
        }
      }
      JsonNode props = s.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (props.has(f.getKey())) {
          check(props.get(f.getKey()), f.getValue(), at + "." + f.getKey(), out);
        } else if (s.path("additionalProperties").isBoolean()
            && !s.get("additionalProperties").asBoolean()) {
          out.add(at + ": " + f.getKey() + " is not in the schema");
        }
      }
    }
    if (v.isArray() && s.has("items")) {
      for (int i = 0; i < v.size(); i++) {
        check(s.get("items"), v.get(i), at + "[" + i + "]", out);
      }
    }
  }

  private static boolean typeFits(JsonNode type, JsonNode v) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (kind(v).equals(t.asText())) {
          return true;
        }
      }
      return false;
    }
    return kind(v).equals(type.asText());
  }

  private static String kind(JsonNode v) {
    if (v.isNull()) {
      return "null";
    } else if (v.isIntegralNumber()) {
      return "integer";
    } else if (v.isNumber()) {
      return "number";
    } else if (v.isTextual()) {
      return "string";
    } else if (v.isBoolean()) {
      return "boolean";
    } else if (v.isArray()) {
      return "array";
    }
    return "object";
  }
}
