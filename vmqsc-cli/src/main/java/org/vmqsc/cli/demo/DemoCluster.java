package org.vmqsc.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.vmqsc.cli.ClusterDir;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.manager.ManagerStateFile;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.VmLedger;
import org.vmqsc.runtime.proto.VmStatus;

/**
 * The running cluster as the demo's steps see it: what they read (the manager's status and its
 * durable state file, every hypervisor's VM status, every guest's ledger) and the few things they
 * do to it (fail a VM, kill and restart a host's process). Nothing here reads a log to decide a
 * check; logs are only shown when a step gives up.
 */
public final class DemoCluster {
  static final long STEP_TIMEOUT_MILLIS = 60_000;
  static final long POLL_MILLIS = 50;

  final ClusterSpec spec;
  final ClusterClient client;
  final DemoReport report;
  private final ClusterDir dir;

  public DemoCluster(ClusterDir dir, ClusterSpec spec, ClusterClient client, DemoReport report) {
    this.dir = dir;
    this.spec = spec;
    this.client = client;
    this.report = report;
  }

  ClusterStatusResponse status() {
    return client.clusterStatus();
  }

  /** Every VM's status as its hypervisor reports it, by VM id. */
  Map<Integer, VmStatus> vmStatuses() {
    Map<Integer, VmStatus> m = new TreeMap<>();
    for (int h = 0; h < spec.topology().hosts(); h++) {
      for (VmStatus v : client.status(h).getVmsList()) {
        m.put(v.getVm(), v);
      }
    }
    return m;
  }

  /** Every guest's ledger, by VM id. */
  Map<Integer, VmLedger> ledgers() {
    Map<Integer, VmLedger> m = new TreeMap<>();
    for (VmLedger l : client.allLedgers()) {
      m.put(l.getVm(), l);
    }
    return m;
  }

  /**
   * The manager's durable state ({@code manager.state}, read by the manager's own reader so a
   * format change cannot silently empty a check); empty while the file is missing or replaced
   * under us.
   */
  Optional<ManagerStateFile> managerState() {
    Path f = dir.dir.resolve(ManagerStateFile.FILE_NAME);
    try {
      return Files.isRegularFile(f) ? Optional.of(ManagerStateFile.load(f, spec.topology().vms()))
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** SIGKILLs host {@code host}'s hypervisor process; its pid, or empty when it was not running. */
  Optional<Long> killHost(int host) throws Exception {
    return dir.kill(ClusterDir.hostName(host));
  }

  /** Starts host {@code host}'s hypervisor process again, as {@code restart host} does. */
  void startHost(int host) throws IOException {
    dir.launch(ClusterDir.hostName(host), List.of("hypervisor", "--id", Integer.toString(host),
        "--config", dir.config().toString()));
  }

  /**
   * Polls {@code cond} until it holds; on timeout ends the story ({@link #abort}) and returns
   * false. A cluster that does not answer for a moment (a process starting) is asked again.
   */
  boolean await(BooleanSupplier cond, String what) throws InterruptedException {
    long start = System.currentTimeMillis();
    while (System.currentTimeMillis() - start < STEP_TIMEOUT_MILLIS) {
      try {
        if (cond.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException e) {
        // not answering yet
      }
      Thread.sleep(POLL_MILLIS);
    }
    String lines;
    try {
      lines = lines(status());
    } catch (RuntimeException e) {
      lines = "manager does not answer";
    }
    abort("timed out after " + (System.currentTimeMillis() - start) / 1000 + " s waiting for "
        + what + " (" + lines + ")");
    return false;
  }

  /** Ends the story early: the checks not reached stay FAIL; the processes' log tails follow. */
  void abort(String why) {
    report.println("demo: aborted: " + why);
    showLogTails(dir, spec, report);
  }

  /** The last lines of each process's log, for a human to see why a run went wrong. */
  public static void showLogTails(ClusterDir dir, ClusterSpec spec, DemoReport report) {
    for (String name : spec == null ? List.of(ClusterDir.MANAGER) : ClusterDir.names(spec)) {
      // The rotating file has every line; the console file only warnings and why it exited.
      Path log = Files.isRegularFile(dir.processLog(name)) ? dir.processLog(name) : dir.log(name);
      try {
        if (Files.isRegularFile(log)) {
          List<String> all = Files.readAllLines(log);
          report.println("--- " + log + " (last 15 lines)");
          all.subList(Math.max(0, all.size() - 15), all.size()).forEach(report::println);
        }
      } catch (IOException e) {
        report.println("(cannot read " + log + ": " + e.getMessage() + ")");
      }
    }
  }

  static String lines(ClusterStatusResponse s) {
    return "taken " + s.getTakenLine() + ", durable " + s.getDurableLine();
  }
}
