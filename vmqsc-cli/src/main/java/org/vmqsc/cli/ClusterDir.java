package org.vmqsc.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.sim.scenario.ScenarioException;

/**
 * A local cluster's directory as {@code cluster up} lays it out: {@code cluster.yaml} (the
 * config), {@code secret}, one {@code NAME.pid} and {@code NAME.log} (its console: warnings,
 * errors, and why it exited) per process (NAME is {@code manager} or {@code host-H}), each
 * process's rotating log {@code logs/NAME.log}, and {@code storage/} and {@code manager.state}. Public for
 * {@code vmqsc demo}'s steps (package {@code org.vmqsc.cli.demo}).
 */
public final class ClusterDir {
  public final Path dir;

  ClusterDir(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path config() {
    return dir.resolve(RuntimeConfig.FILE_NAME);
  }

  Path pidFile(String name) {
    return dir.resolve(name + ".pid");
  }

  public Path log(String name) {
    return dir.resolve(name + ".log");
  }

  /** Process NAME's rotating log file, every line it logged (the newest part). */
  public Path processLog(String name) {
    return dir.resolve(ProcessOptions.LOGS_DIR).resolve(name + ".log");
  }

  /** The manager process's name (its pid and log files). */
  public static final String MANAGER = "manager";

  /** Manager replica {@code id}'s process name, when the manager is replicated. */
  public static String replicaName(int id) {
    return MANAGER + "-" + id;
  }

  /** The manager's process names: {@code manager}, or one per replica. */
  public static List<String> managerNames(ClusterSpec spec) {
    if (spec.replicas() == null) {
      return List.of(MANAGER);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < spec.replicas().size(); i++) {
      out.add(replicaName(i));
    }
    return out;
  }

  /** The arguments that start manager process {@code name} of this cluster. */
  public List<String> managerArgs(String name) {
    List<String> args = new ArrayList<>(List.of("manager", "--config", config().toString()));
    if (name.startsWith(MANAGER + "-")) {
      args.addAll(List.of("--replica", name.substring(MANAGER.length() + 1)));
    }
    return args;
  }

  public static String hostName(int host) {
    return "host-" + host;
  }

  /** The cluster's spec; a directory without a cluster is bad input (exit 2). */
  ClusterSpec spec() {
    if (!Files.isRegularFile(config())) {
      throw new ScenarioException(dir.toString(), "--dir", "no cluster here (no "
          + RuntimeConfig.FILE_NAME + "; run vmqsc cluster up first)");
    }
    return RuntimeConfig.load(config());
  }

  ClusterClient client(ClusterSpec spec) throws IOException {
    return new ClusterClient(spec, ClusterSecret.load(spec.secretFile()),
        org.vmqsc.runtime.cluster.ClusterTls.identity(spec,
            org.vmqsc.runtime.cluster.ClusterTls.ADMIN));
  }

  /** Starts {@code vmqsc ARGS...} as a separate OS process logging to NAME.log; writes NAME.pid. */
  public ProcessHandle launch(String name, List<String> args) throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The heap the config asks for (heap:, checked against this machine's memory when it was
    // read) and its jvmOpts; it was a fixed 256 MiB whatever the VMs a host runs.
    List<String> cmd = new ArrayList<>();
    String netns = RuntimeConfig.netns(config(), name);
    if (netns != null) {
      // ip execs java in the namespace (no fork): the pid written below is java's own.
      cmd.addAll(List.of("ip", "netns", "exec", netns));
    }
    cmd.add(java);
    cmd.addAll(ProcessOptions.jvmArgs(config()));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(args);
    // Its console is this file, which never rotates: warnings and errors only there, every
    // line in the rotating DIR/logs/NAME.log.
    cmd.add("--console-log-level=warn");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    Files.writeString(pidFile(name), p.pid() + "\n");
    return p.toHandle();
  }

  /** The live process NAME.pid names, if it still runs our command line ({@link PidFile}). */
  public Optional<ProcessHandle> process(String name) throws IOException {
    return PidFile.running(pidFile(name), config(), name);
  }

  /**
   * Waits up to {@code millis} for process NAME to be gone, as after a SIGKILL: exited, or a
   * zombie its parent has not reaped yet (it holds no port or file any more). True when gone.
   */
  boolean awaitGone(String name, long millis) throws Exception {
    Optional<ProcessHandle> p = process(name);
    return p.isEmpty() || await(() -> !p.get().isAlive()
        || !PidFile.isOurs(PidFile.commandLine(p.get()), config(), name), millis);
  }

  /**
   * SIGKILLs process NAME (no shutdown hook runs: staged writes are lost, as in a crash) and
   * waits for it to be gone; the pid it had, or empty when it was not running. A pid file whose
   * pid now runs something else is not ours to signal.
   */
  public Optional<Long> kill(String name) throws Exception {
    Optional<ProcessHandle> p = process(name);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    p.get().destroyForcibly();
    if (!awaitGone(name, KILL_WAIT_MILLIS)) {
      throw new IllegalStateException(name + " (pid " + p.get().pid() + ") still runs "
          + KILL_WAIT_MILLIS / 1000 + " s after SIGKILL");
    }
    return Optional.of(p.get().pid());
  }

  /** How long restart waits for a just-killed process to go before it says "is running". */
  static final long REAP_WAIT_MILLIS = 5_000;

  /** How long a SIGKILLed process may take to go (the kernel frees a large heap first). */
  static final long KILL_WAIT_MILLIS = 10_000;

  /**
   * Why process NAME exited, from its log: the last one-line error it printed (ErrorHandling
   * starts each with "vmqsc: "), or the log's last line when there is none. A process whose
   * disk is full cannot write why it stopped (its log was found cut mid-line), so then the
   * full disk is named instead.
   */
  public String exitReason(String name) {
    try {
      List<String> lines = tail(log(name), 64 * 1024);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (lines.get(i).startsWith("vmqsc: ")) {
          return lines.get(i).substring("vmqsc: ".length());
        }
      }
      long free = Files.getFileStore(dir).getUsableSpace();
      if (free < LOW_SPACE_BYTES) {
        return "its log ends without a reason and the file system of " + dir + " has " + free
            + " bytes free: a full disk (storage and logs could not be written); free space, "
            + "then restart it";
      }
      return lines.isEmpty() ? "its log is empty" : lines.get(lines.size() - 1).strip();
    } catch (IOException e) {
      return "its log cannot be read (" + e.getMessage() + ")";
    }
  }

  /** Less free space than this where a process stopped without a reason: the disk is full. */
  static final long LOW_SPACE_BYTES = 1 << 20;

  private static List<String> tail(Path file, int bytes) throws IOException {
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
      long from = Math.max(0, f.length() - bytes);
      byte[] b = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(b);
      return new String(b, java.nio.charset.StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank()).toList();
    }
  }

  /** Process names of this cluster, manager first. */
  public static List<String> names(ClusterSpec spec) {
    List<String> names = new ArrayList<>(managerNames(spec));
    for (int h = 0; h < spec.topology().hosts(); h++) {
      names.add(hostName(h));
    }
    return names;
  }

  /** Polls until {@code cond} holds or {@code millis} pass; false on timeout. */
  static boolean await(java.util.function.BooleanSupplier cond, long millis)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (cond.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException e) {
        // not up yet
      }
      Thread.sleep(100);
    }
    return false;
  }
}
