package org.vmqsc.sim.scenario;

/**
 * A scenario file the user wrote is wrong. The message is always one line, {@code FILE: KEY:
 * PROBLEM}, so the CLI can print it as is (exit status 2) and the user can go straight to the key.
 * Errors not tied to a key (unreadable file, YAML syntax) read {@code FILE: cannot read: REASON}
 * and {@code FILE: line N: REASON}; for those {@link #key()} is null.
 */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String key;
  private final String problem;

  /** {@code key} is the dotted path of the offending key, e.g. {@code traffic[1].rate}. */
  public ScenarioException(String file, String key, String problem) {
    this(file, key, problem, null);
  }

  private ScenarioException(String file, String key, String problem, Throwable cause) {
    super(oneLine(file + ": " + (key == null ? "" : key + ": ") + problem), cause);
    this.file = file;
    this.key = key;
    this.problem = oneLine(problem);
  }

  /** The file could not be read at all (missing, a directory, not UTF-8...). */
  public static ScenarioException unreadable(String file, String reason, Throwable cause) {
    return new ScenarioException(file, null, "cannot read: " + reason, cause);
  }

  /** The file is not well-formed YAML; {@code line} is 1-based. */
  public static ScenarioException syntax(String file, int line, String reason, Throwable cause) {
    return new ScenarioException(file, null, "line " + line + ": " + reason, cause);
  }

  public String file() {
    return file;
  }

  /** Dotted path of the offending key, or null when the error is not about one key. */
  public String key() {
    return key;
  }

  public String problem() {
    return problem;
  }

  // Parser messages embed newlines and caret diagrams; the contract is one line.
  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
