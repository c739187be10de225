package org.vmqsc.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.HostLiveness;
import org.vmqsc.runtime.proto.StatusResponse;
import org.vmqsc.runtime.proto.VmStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc status --dir DIR [--json] [--watch [--interval 1s] [--count N]]}: hosts and
 * liveness, VMs, the taken and durable lines; as text, or as data in the shape documented in
 * docs/operations.md ({@link StatusJson}).
 */
@Command(name = "status", description = "Shows a running cluster: hosts, VMs and lines, as text "
    + "or as JSON (--json), once or every --interval (--watch).")
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterDirOption cluster;

  @Option(names = "--json", description = "One JSON object (docs/operations.md, \"status "
      + "--json\"); with --watch, one a line.")
  boolean json;

  @Option(names = "--watch", description = "Print again every --interval until interrupted.")
  boolean watch;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
      description = "How often --watch prints (default: ${DEFAULT-VALUE}).")
  String interval;

  @Option(names = "--count", paramLabel = "N",
      description = "With --watch: stop after N prints (default: until interrupted).")
  Integer count;

  /** One host's answer to Status, or why there is none. */
  record HostAnswer(int host, StatusResponse status, String error) {}

  @Override
  public Integer call() throws Exception {
    long every = Watching.millis(spec, "--interval", interval);
    int times = Watching.count(spec, watch, count);
    ClusterSpec cs = cluster.spec();
    PrintWriter out = spec.commandLine().getOut();
    try (ClusterClient client = cluster.client()) {
      int code = 0;
      for (int i = 0; i < times; i++) {
        if (i > 0) {
          Thread.sleep(every);
        }
        if (watch && !json) {
          out.println("-- " + Instant.now());
        }
        code = once(client, cs, out);
        out.flush();
      }
      return code;
    }
  }

  private int once(ClusterClient client, ClusterSpec cs, PrintWriter out) {
    ClusterStatusResponse m;
    try {
      m = client.clusterStatus();
    } catch (RuntimeException e) {
      return doesNotAnswer(spec.commandLine(), cs, e);
    }
    List<HostAnswer> hosts = new ArrayList<>();
    for (int h = 0; h < cs.topology().hosts(); h++) {
      try {
        hosts.add(new HostAnswer(h, client.status(h), null));
      } catch (RuntimeException e) {
        hosts.add(new HostAnswer(h, null, String.valueOf(e.getMessage())));
      }
    }
    if (json) {
      Json.print(out, StatusJson.of(cs, m, hosts));
    } else {
      text(cs, m, hosts, out);
    }
    return 0;
  }

  /**
   * The manager does not answer: one line, and the exit code every cluster command uses for it
   * (status, events, checkpoint now). Kept in one place so that the code can change in one place.
   */
  static int doesNotAnswer(CommandLine cl, ClusterSpec cs, RuntimeException e) {
    cl.getErr().println("vmqsc: manager at " + cs.managerAddress() + " does not answer ("
        + e.getMessage() + ")");
    cl.getErr().flush();
    return ErrorHandling.UNREACHABLE;
  }

  private static void text(ClusterSpec cs, ClusterStatusResponse m, List<HostAnswer> hosts,
      PrintWriter out) {
    out.printf("lines: taken %d, durable %d; host recoveries %d%s%n", m.getTakenLine(),
        m.getDurableLine(), m.getRecoveries(), m.getRecoveries() == 0 ? ""
            : ", the last to line " + m.getLastRecoveryLine() + (m.getLastDamagedLine() < 0
                ? "" : " (line " + m.getLastDamagedLine() + " had a damaged checkpoint)"));
    for (HostLiveness h : m.getHostsList()) {
      out.printf("host %d: %s%s, joins %d%n", h.getHost(), h.getAlive() ? "alive" : "failed",
          h.getAwaitingRecovery() ? " (restarted, awaiting recovery)" : "", h.getJoins());
    }
    if (!m.getManagerProblem().isEmpty()) {
      out.println("manager: " + m.getManagerProblem());
    }
    replicas(m, out);
    if (!m.getRecoveryProblem().isEmpty()) {
      out.println("recovery: " + m.getRecoveryProblem());
    }
    out.println("vm  type  host  up    index  incarnation  usable  checkpoint      "
        + "log: volatile  stable");
    for (HostAnswer a : hosts) {
      int h = a.host();
      StatusResponse s = a.status();
      if (s == null) {
        out.printf("(host %d does not answer)%n", h);
        continue;
      }
      if (!s.getStorageProblem().isEmpty()) {
        out.printf("host %d storage: %s%n", h, s.getStorageProblem());
      }
      for (VmStatus v : s.getVmsList()) {
        int k = cs.topology().k(v.getVm());
        String ckpt = v.getLastCheckpoint() < 0 ? "-" : "C@" + v.getLastCheckpoint()
            + (v.getLastCheckpointDurable() ? " durable" : " staged");
        out.printf("%-3d %-5s %-5d %-5s %-6d %-12d %-7d %-15s %-14d %d%n", v.getVm(),
            k == 1 ? "SI" : "MI" + k, h, v.getUp() ? "up" : "down", v.getIndex(),
            v.getIncarnation(), v.getUsable(), ckpt, v.getVolatileLog(), v.getStableLogs());
      }
    }
  }

  /** The manager's Ratis replicas, the leader and its term (nothing when not replicated). */
  private static void replicas(ClusterStatusResponse m, PrintWriter out) {
    if (m.getManagerReplicasCount() == 0) {
      return;
    }
    out.printf("manager: %d replicas, term %d%n", m.getManagerReplicasCount(),
        m.getManagerTerm());
    for (org.vmqsc.runtime.proto.ManagerReplicaInfo r : m.getManagerReplicasList()) {
      out.printf("  replica %d %s: %s%n", r.getId(), r.getAddress(), r.getLeader() ? "leader"
          : r.getLastHeardMillis() < 0 ? "not heard"
              : "follower, heard " + r.getLastHeardMillis() + " ms ago, log at "
                  + r.getMatchIndex());
    }
  }
}
