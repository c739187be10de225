package org.vmqsc.sim.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads scenario files: bundled ones by name ({@code mix}) or any file by path. All problems with
 * the user's input come out as a one-line {@link ScenarioException}; the format itself is read by
 * {@link ScenarioReader}.
 */
public final class ScenarioLoader {
  private static final String RESOURCE_DIR = "/scenarios/";
  /** Lists the bundled scenarios: a jar cannot be listed portably, a file can. */
  private static final String INDEX = RESOURCE_DIR + "index.txt";
  private static final Pattern BUNDLED_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  // Without strict duplicate detection a repeated key silently keeps the last value.
  private static final ObjectMapper MAPPER = new ObjectMapper(
      YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private ScenarioLoader() {}

  /** A bundled scenario if {@code nameOrPath} names one, else the file at that path. */
  public static Scenario load(String nameOrPath) {
    Objects.requireNonNull(nameOrPath, "nameOrPath");
    if (BUNDLED_NAME.matcher(nameOrPath).matches()) {
      String text = bundledText(nameOrPath);
      if (text != null) {
        return parse(text, nameOrPath + ".yaml");
      }
    }
    return parse(fileText(nameOrPath), nameOrPath);
  }

  /**
   * Parses scenario YAML. {@code fileLabel} names the file in error messages, and its base name
   * without ".yaml" is the scenario's default name.
   */
  public static Scenario parse(String yamlText, String fileLabel) {
    return ScenarioReader.read(tree(yamlText, fileLabel), fileLabel);
  }

  /**
   * Another YAML file of keys (the runtime's cluster config), read and parsed as scenario files
   * are, so that its problems read the same: one line naming the file (and the key, through the
   * returned value).
   */
  public static YamlValue readKeys(Path file) {
    String label = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw ScenarioException.unreadable(label, "no such file", e);
    } catch (IOException e) {
      throw ScenarioException.unreadable(label, describe(e), e);
    }
    return YamlValue.root(label, tree(text, label));
  }

  /** Names accepted by {@link #load} without a path, e.g. "paper-example". */
  public static List<String> bundledNames() {
    try (InputStream in = ScenarioLoader.class.getResourceAsStream(INDEX)) {
      if (in == null) {
        return List.of();
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled " + INDEX, e);
    }
  }

  private static String bundledText(String name) {
    try (InputStream in = ScenarioLoader.class.getResourceAsStream(RESOURCE_DIR + name + ".yaml")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ScenarioException.unreadable(name + ".yaml", describe(e), e);
    }
  }

  private static String fileText(String file) {
    try {
      Path path = Path.of(file);
      if (Files.isDirectory(path)) {
        throw ScenarioException.unreadable(file, "is a directory", null);
      }
      return Files.readString(path);
    } catch (InvalidPathException e) {
      throw ScenarioException.unreadable(file, "invalid path: " + e.getReason(), e);
    } catch (NoSuchFileException e) {
      // Most often a mistyped bundled name, so say which names exist.
      throw ScenarioException.unreadable(file,
          "no such file (bundled scenarios: " + String.join(", ", bundledNames()) + ")", e);
    } catch (IOException e) {
      throw ScenarioException.unreadable(file, describe(e), e);
    }
  }

  private static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "not UTF-8 text";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static JsonNode tree(String text, String file) {
    try (JsonParser parser = MAPPER.createParser(text)) {
      JsonNode tree = MAPPER.readTree(parser);
      // readTree stops after the first document; a second one would be silently ignored.
      if (parser.nextToken() != null) {
        throw ScenarioException.syntax(file, parser.currentLocation().getLineNr(),
            "more than one YAML document (a scenario file holds one)", null);
      }
      return tree == null ? MissingNode.getInstance() : tree;
    } catch (JsonProcessingException e) {
      throw syntaxError(e, file);
    } catch (IOException e) {
      throw ScenarioException.unreadable(file, describe(e), e); // not expected from a String
    }
  }

  /** Keeps SnakeYAML's problem and the line it points at; drops its multi-line caret diagram. */
  private static ScenarioException syntaxError(JsonProcessingException e, String file) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      int line = yaml.getProblemMark().getLine() + 1;
      String reason = yaml.getProblem();
      Mark contextMark = yaml.getContextMark();
      if (yaml.getContext() != null) {
        boolean sameLine = contextMark == null || contextMark.getLine() + 1 == line;
        reason += " (" + yaml.getContext()
            + (sameLine ? "" : " that starts at line " + (contextMark.getLine() + 1)) + ")";
      }
      return ScenarioException.syntax(file, line, reason, e);
    }
    JsonLocation where = e.getLocation();
    String reason = e.getOriginalMessage().replaceFirst("^Duplicate field", "duplicate key");
    return ScenarioException.syntax(file, where == null ? 0 : where.getLineNr(), reason, e);
  }
}
