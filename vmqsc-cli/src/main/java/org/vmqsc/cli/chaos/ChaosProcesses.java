package org.vmqsc.cli.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.vmqsc.cli.ClusterDir;

/**
 * The cluster's OS processes as chaos handles them: the handle of every process it started or
 * adopted (never a pid read later from a file, which may have been reused), SIGKILL that waits
 * for the process to be reaped, SIGSTOP/SIGCONT, restarts, and at the end the SIGKILL of every
 * process it ever handled that still runs. Thread-safe: the shutdown hook closes it while the
 * campaign's thread may still use it.
 */
public final class ChaosProcesses implements AutoCloseable {
  static final long REAP_MILLIS = 10_000;

  private final ClusterDir dir;
  private final List<String> names;
  private final Map<String, ProcessHandle> current = new ConcurrentHashMap<>();
  private final List<ProcessHandle> all = new CopyOnWriteArrayList<>();
  private final Set<String> paused = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** {@code names}: the manager's and every host's process name ({@link ClusterDir#names}). */
  public ChaosProcesses(ClusterDir dir, List<String> names) {
    this.dir = dir;
    this.names = List.copyOf(names);
  }

  /** Takes over the processes {@code cluster up} started (by their pid files, read at once). */
  public void adopt() throws IOException {
    for (String name : names) {
      Optional<ProcessHandle> p = dir.process(name);
      if (p.isPresent()) {
        track(name, p.get());
      }
    }
  }

  public boolean alive(String name) {
    ProcessHandle p = current.get(name);
    return p != null && p.isAlive();
  }

  /** SIGKILL (no shutdown hook runs, as in a crash), then waits until the process is reaped. */
  public void kill(String name) throws Exception {
    ProcessHandle p = current.get(name);
    if (p == null || !p.isAlive()) {
      return;
    }
    paused.remove(name);
    p.destroyForcibly();
    p.onExit().get(REAP_MILLIS, TimeUnit.MILLISECONDS);
  }

  public void pause(String name) throws Exception {
    signal(name, "STOP");
    paused.add(name);
  }

  public void resume(String name) throws Exception {
    paused.remove(name);
    signal(name, "CONT");
  }

  /** Starts process {@code name} as {@code cluster up} would. */
  public void start(String name) throws IOException {
    if (closed) {
      throw new IllegalStateException("chaos is stopping: not starting " + name);
    }
    if (alive(name)) {
      throw new IllegalStateException(name + " is running");
    }
    String config = dir.config().toString();
    List<String> args = name.startsWith(ClusterDir.MANAGER)
        ? dir.managerArgs(name)
        : List.of("hypervisor", "--id", name.substring("host-".length()), "--config", config);
    track(name, dir.launch(name, args));
  }

  /**
   * Restarts every process that is not running and not paused (a host fenced after a pause, a
   * process that died); what an operator would do. The names restarted.
   */
  public List<String> restartDead() throws IOException {
    List<String> restarted = new ArrayList<>();
    for (String name : names) {
      if (!paused.contains(name) && !alive(name)) {
        start(name);
        restarted.add(name);
      }
    }
    return restarted;
  }

  /** The processes that are not running and not paused, by name. */
  public List<String> dead() {
    return names.stream().filter(n -> !paused.contains(n) && !alive(n)).toList();
  }

  /** SIGKILLs every process this run handled that still runs, and waits for each to be gone. */
  @Override
  public synchronized void close() {
    closed = true;
    for (ProcessHandle p : all) {
      p.destroyForcibly(); // a stopped process dies of SIGKILL too
    }
    killByPidFiles();
    for (ProcessHandle p : all) {
      try {
        p.onExit().get(REAP_MILLIS, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        // reported by the caller's check that nothing survived
      }
    }
  }

  /**
   * Processes a pid file names that run this cluster's config (a Ctrl-C while {@code cluster up}
   * was starting them, before {@link #adopt}); a pid reused by another program is left alone.
   */
  private void killByPidFiles() {
    String config = dir.config().toString();
    for (String name : names) {
      try {
        dir.process(name).filter(p -> p.info().commandLine().orElse("").contains(config))
            .ifPresent(p -> {
              all.add(p);
              p.destroyForcibly();
            });
      } catch (IOException | RuntimeException e) {
        // a half-written pid file: nothing was started under it yet
      }
    }
  }

  /** Processes this run handled that still run (empty after {@link #close}, normally). */
  public List<ProcessHandle> survivors() {
    return all.stream().filter(ProcessHandle::isAlive).toList();
  }

  private synchronized void track(String name, ProcessHandle p) {
    current.put(name, p);
    all.add(p);
    if (closed) {
      p.destroyForcibly(); // started while the hook ran: it must not outlive us
    }
  }

  private void signal(String name, String sig) throws Exception {
    ProcessHandle p = current.get(name);
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException(name + " is not running");
    }
    Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid()))
        .redirectErrorStream(true).start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      kill.destroyForcibly();
      throw new IllegalStateException("kill -" + sig + " " + p.pid() + " failed");
    }
  }
}
