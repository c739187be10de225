package org.vmqsc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vmqsc.runtime.log.LogSettings;
import org.vmqsc.sim.scenario.ScenarioLoader;
import org.vmqsc.sim.scenario.YamlValue;

/**
 * The config keys about the processes themselves rather than the protocol: how each one logs
 * ({@code logLevel}, {@code logFormat}, {@code logFileSize}, {@code logFiles}) and the options of
 * its JVM ({@code heap}, {@code jvmOpts}). Only the launcher and the process commands read them,
 * so they stay out of the ClusterSpec the protocol runs on.
 */
final class ProcessOptions {
  /** The directory, under the cluster's, of each process's rotating log file. */
  static final String LOGS_DIR = "logs";

  private ProcessOptions() {}

  /** Each key read once when the config is loaded: a bad one is one line (exit 2). */
  static void check(YamlValue root) {
    level(root.get("logLevel"), LogSettings.DEFAULT_LEVEL);
    format(root.get("logFormat"));
    fileBytes(root.get("logFileSize"));
    files(root.get("logFiles"));
    YamlValue jvm = root.get("jvmOpts");
    if (jvm.isPresent() && root.has("heap")) {
      jvm.check(split(jvm.text()).stream().noneMatch(o -> o.startsWith("-Xmx")),
          "gives -Xmx and heap is set too: give the heap once");
    }
  }

  /**
   * How process {@code name} (manager, host-H) of the cluster configured in {@code config} logs:
   * the config's keys, overridden by the process command's {@code --log-level} and
   * {@code --log-format} when given (null when not). Its file goes to DIR/logs/NAME.log; the
   * console carries {@code consoleLevel} and above (null: the same level as the file).
   */
  static LogSettings logs(Path config, String name, String levelFlag, String formatFlag,
      String consoleLevel) throws java.io.IOException {
    YamlValue root = ScenarioLoader.readKeys(config).mapWithKeys(ConfigKey.names());
    String level = levelFlag != null ? levelFlag
        : level(root.get("logLevel"), LogSettings.DEFAULT_LEVEL);
    LogSettings.Format format = formatFlag != null ? LogSettings.Format.parse(formatFlag)
        : format(root.get("logFormat"));
    Path logs = Path.of(root.get("dir").required().text()).toAbsolutePath().resolve(LOGS_DIR);
    Files.createDirectories(logs);
    return new LogSettings(name, level, format, logs, fileBytes(root.get("logFileSize")),
        files(root.get("logFiles")), consoleLevel != null ? consoleLevel : level);
  }

  /**
   * The JVM options of each process started from config {@code path}: {@code -Xmx} from
   * {@code heap} (its default when the file has none), unless {@code jvmOpts} gives its own,
   * then {@code jvmOpts}.
   */
  static List<String> jvmArgs(Path path) {
    List<String> opts = new ArrayList<>();
    if (Files.isRegularFile(path)) {
      YamlValue jvm = ScenarioLoader.readKeys(path).mapWithKeys(ConfigKey.names()).get("jvmOpts");
      if (jvm.isPresent()) {
        opts.addAll(split(jvm.text()));
      }
    }
    List<String> args = new ArrayList<>();
    if (opts.stream().noneMatch(o -> o.startsWith("-Xmx"))) {
      args.add("-Xmx" + (RuntimeConfig.heapBytes(path) >> 20) + "m");
    }
    args.addAll(opts);
    return args;
  }

  private static String level(YamlValue v, String dflt) {
    if (!v.isPresent()) {
      return dflt;
    }
    String l = LogSettings.level(v.text());
    v.check(l != null, "must be one of " + String.join(", ", LogSettings.LEVELS));
    return l;
  }

  private static LogSettings.Format format(YamlValue v) {
    if (!v.isPresent()) {
      return LogSettings.Format.TEXT;
    }
    LogSettings.Format f = LogSettings.Format.parse(v.text());
    v.check(f != null, "must be text or json");
    return f;
  }

  private static long fileBytes(YamlValue v) {
    if (!v.isPresent()) {
      return LogSettings.DEFAULT_MAX_FILE_BYTES;
    }
    long b = v.positiveBytes();
    v.check(b >= 1024, "must be at least 1KiB");
    return b;
  }

  private static int files(YamlValue v) {
    if (!v.isPresent()) {
      return LogSettings.DEFAULT_MAX_FILES;
    }
    int n = v.smallInteger();
    v.check(n >= 1 && n <= LogSettings.MAX_MAX_FILES, "must be in 1.." + LogSettings.MAX_MAX_FILES);
    return n;
  }

  static List<String> split(String opts) {
    return List.of(opts.strip().split("\\s+")).stream().filter(s -> !s.isEmpty()).toList();
  }
}
