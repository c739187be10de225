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
 * config), {@code secret}, one {@code NAME.pid} and {@code NAME.log} per process (NAME is
 * {@code manager} or {@code host-H}), and {@code storage/} and {@code manager.state}. Public for
 * {@code vmqsc demo}'s steps (package {@code org.vmqsc.cli.demo}).
 */
public final class ClusterDir {
  /** gRPC's INFO lines would bury the command's own output; held so the setting sticks. */
  private static final java.util.logging.Logger GRPC_LOG = quietGrpc();

  public final Path dir;

  private static java.util.logging.Logger quietGrpc() {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger("io.grpc");
    l.setLevel(java.util.logging.Level.WARNING);
    return l;
  }

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

  /** The manager process's name (its pid and log files). */
  public static final String MANAGER = "manager";

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
    return new ClusterClient(spec, ClusterSecret.load(spec.secretFile()));
  }

  /** Starts {@code vmqsc ARGS...} as a separate OS process logging to NAME.log; writes NAME.pid. */
  public ProcessHandle launch(String name, List<String> args) throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    Files.writeString(pidFile(name), p.pid() + "\n");
    return p.toHandle();
  }

  /** The live process NAME.pid names, if any. */
  public Optional<ProcessHandle> process(String name) throws IOException {
    Path f = pidFile(name);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    long pid = Long.parseLong(Files.readString(f).trim());
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
  }

  /**
   * SIGKILLs process NAME (no shutdown hook runs: staged writes are lost, as in a crash) and
   * waits for it to be gone; the pid it had, or empty when it was not running.
   */
  public Optional<Long> kill(String name) throws Exception {
    Optional<ProcessHandle> p = process(name);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    p.get().destroyForcibly();
    p.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
    return Optional.of(p.get().pid());
  }

  /** Process names of this cluster, manager first. */
  public static List<String> names(ClusterSpec spec) {
    List<String> names = new ArrayList<>(List.of(MANAGER));
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
