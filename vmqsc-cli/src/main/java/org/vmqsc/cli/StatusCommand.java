package org.vmqsc.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.HostLiveness;
import org.vmqsc.runtime.proto.StatusResponse;
import org.vmqsc.runtime.proto.VmStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code vmqsc status --dir DIR}: hosts and liveness, VMs, the taken and durable lines. */
@Command(name = "status", description = "Shows a running cluster: hosts, VMs and lines.")
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterDirOption cluster;

  @Override
  public Integer call() throws Exception {
    ClusterSpec cs = cluster.spec();
    PrintWriter out = spec.commandLine().getOut();
    try (ClusterClient client = cluster.client()) {
      ClusterStatusResponse m;
      try {
        m = client.clusterStatus();
      } catch (RuntimeException e) {
        spec.commandLine().getErr().println("vmqsc: manager at " + cs.managerAddress()
            + " does not answer (" + e.getMessage() + ")");
        return ErrorHandling.UNREACHABLE;
      }
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
      if (!m.getRecoveryProblem().isEmpty()) {
        out.println("recovery: " + m.getRecoveryProblem());
      }
      out.println("vm  type  host  up    index  incarnation  usable  checkpoint      "
          + "log: volatile  stable");
      for (int h = 0; h < cs.topology().hosts(); h++) {
        StatusResponse s;
        try {
          s = client.status(h);
        } catch (RuntimeException e) {
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
    return 0;
  }
}
