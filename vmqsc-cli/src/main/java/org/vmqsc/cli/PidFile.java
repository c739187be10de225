package org.vmqsc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A cluster process's {@code NAME.pid}, trusted only while that pid still runs OUR command line:
 * {@code java ... org.vmqsc.cli.Main manager|hypervisor --id H --config DIR/cluster.yaml}. A pid
 * outlives its process: after a crash or a reboot the kernel hands it to someone else, and a
 * killed process stays a zombie (no command line) until its parent reaps it. Neither is ours, so
 * neither is signalled, and neither makes {@code restart} refuse with "is running".
 */
final class PidFile {
  private PidFile() {}

  /** The live process {@code pidFile} names, if it runs process {@code name} of {@code config}. */
  static Optional<ProcessHandle> running(Path pidFile, Path config, String name)
      throws IOException {
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (NumberFormatException e) {
      return Optional.empty(); // not written by us
    }
    // The handle remembers the process's start time, and destroy() checks it: a pid reused
    // between this check and the signal is not signalled either.
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> isOurs(commandLine(p), config, name));
  }

  /** Whether {@code cmd} (a command line, word by word) runs process {@code name} of the cluster. */
  static boolean isOurs(List<String> cmd, Path config, String name) {
    int main = cmd.indexOf(Main.class.getName());
    if (main < 0 || main + 1 >= cmd.size()) {
      return false;
    }
    List<String> args = cmd.subList(main + 1, cmd.size());
    if (!sameFile(after(args, "--config"), config)) {
      return false;
    }
    if (name.equals(ClusterDir.MANAGER)) {
      return args.get(0).equals("manager") && !args.contains("--replica");
    }
    if (name.startsWith(ClusterDir.MANAGER + "-")) { // a replica: manager --replica N
      return args.get(0).equals("manager")
          && name.equals(ClusterDir.MANAGER + "-" + after(args, "--replica"));
    }
    return args.get(0).equals("hypervisor")
        && name.equals(ClusterDir.hostName(parseId(after(args, "--id"))));
  }

  /**
   * Process {@code p}'s command line: {@code /proc/PID/cmdline} where there is one (empty for a
   * zombie), else what the JDK can tell.
   */
  static List<String> commandLine(ProcessHandle p) {
    Path proc = Path.of("/proc", Long.toString(p.pid()), "cmdline");
    if (Files.isDirectory(Path.of("/proc/self"))) {
      try {
        String raw = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8);
        return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
      } catch (IOException e) {
        return List.of(); // gone meanwhile
      }
    }
    List<String> cmd = new ArrayList<>();
    p.info().command().ifPresent(cmd::add);
    p.info().arguments().ifPresent(a -> cmd.addAll(Arrays.asList(a)));
    return cmd;
  }

  private static String after(List<String> args, String option) {
    int i = args.indexOf(option);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
  }

  private static boolean sameFile(String path, Path config) {
    if (path == null) {
      return false;
    }
    try {
      return Files.isSameFile(Path.of(path), config);
    } catch (IOException | RuntimeException e) {
      return false; // a relative path from another directory, or a config since removed
    }
  }

  private static int parseId(String id) {
    try {
      return id == null ? -1 : Integer.parseInt(id);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
