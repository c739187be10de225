package org.vmqsc.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What made a report, so that a published number can be traced back and made again: the vmqsc
 * version and commit, when, the exact command, and the SHA-256 of the scenario text it ran (a
 * scenario file edited since gives another digest). Every report file carries it: the HTML
 * page, a comment atop each CSV file, a field of each JSON file.
 */
public record Provenance(String version, String commit, String date, String command,
    String scenarioSha256) {
  /** For callers that cannot say (tests of the report alone): every field "unknown". */
  public static final Provenance UNKNOWN =
      new Provenance("unknown", "unknown", "unknown", "unknown", "unknown");

  /** SHA-256 of the scenario's text, as lower-case hex. */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The fields in a fixed order, under the names the JSON and CSV use. */
  public Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("version", version);
    f.put("commit", commit);
    f.put("date", date);
    f.put("command", command);
    f.put("scenarioSha256", scenarioSha256);
    return f;
  }

  /** One "# key: value" line each, atop a CSV file (readers skip them with comment='#'). */
  String csvComment() {
    StringBuilder out = new StringBuilder();
    fields().forEach((k, v) -> out.append("# ").append(k).append(": ")
        .append(v.replaceAll("\\R", " ")).append('\n'));
    return out.toString();
  }

  /** One sentence for the HTML page. */
  String sentence() {
    return "Made by vmqsc " + version + " (commit " + commit + ") on " + date + " with: "
        + command + ". Scenario text SHA-256: " + scenarioSha256 + ".";
  }
}
