package org.vmqsc.core.baseline.pessimistic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.HostCalls;
import org.vmqsc.core.role.ManagerEnv;
import org.vmqsc.core.role.ManagerRole;
import org.vmqsc.core.role.Recovery;
import org.vmqsc.core.role.ToHosts;
import org.vmqsc.core.spi.ProtocolListener;

/**
 * The manager under pessimistic logging: it forwards each receiver host's acknowledgements to the
 * sender's host at once, keeps the per-VM lines for information, and recovers failed hosts in
 * three phases so that no rebuilt VM meets a message while another is still being rebuilt.
 */
final class LoggingManager implements ManagerRole {
  private final Topology topo;
  private final ProtocolListener listener;
  private final ToHosts hosts;
  private final HostCalls calls;
  private final Lines lines;

  LoggingManager(ManagerEnv env) {
    this.topo = env.ctx().topology();
    this.listener = env.ctx().listener();
    this.hosts = env.hosts();
    this.calls = env.calls();
    this.lines = new Lines(topo.vms());
  }

  @Override
  public void onControl(int host, Control message) {
    if (message instanceof LoggingControl.Logged logged) {
      listener.controlMessage("ack");
      hosts.send(logged.senderHost(), logged);
    } else if (message instanceof LoggingControl.LineStatus status) {
      lines.apply(status);
    } else {
      throw new IllegalArgumentException("not a pessimistic report: " + message);
    }
  }

  @Override
  public void onTick(int x) {}

  /**
   * Rebuilds the VMs of the restarted hosts from stable storage, and only them (phase 1); then,
   * once all of them stand again (so none meets a message in its old state), the sends their
   * replays regenerated go out again in VM order (phase 2) and the surviving hosts re-send their
   * copies to them (phase 3).
   */
  @Override
  public Recovery recoverHosts(Set<Integer> failed) {
    Map<Integer, Integer> restartOf = new TreeMap<>();
    for (int h : failed) {
      LoggingControl.Rebuilt r = (LoggingControl.Rebuilt) calls.call(h,
          new LoggingControl.Rebuild());
      restartOf.putAll(r.restartOf());
    }
    resendInVmOrder(restartOf.keySet());
    for (int h = 0; h < topo.hosts(); h++) {
      if (!failed.contains(h) && calls.reachable(h)) {
        calls.call(h, new LoggingControl.RetransmitTo(failed));
      }
    }
    int line = restartOf.values().stream().mapToInt(Integer::intValue).min()
        .orElse(durableLine());
    // One rollback event per recovery; each VM restarts from its own checkpoint, the earliest of
    // which is reported (so work re-executed is an upper bound).
    listener.rolledBack(restartOf.keySet(), line);
    return new Recovery(line, restartOf.keySet());
  }

  /** Phase 2 in ascending VM order, one call per run of VMs on the same host. */
  private void resendInVmOrder(Set<Integer> rebuilt) {
    List<Integer> run = new ArrayList<>();
    int runHost = -1;
    for (int v : rebuilt) {
      if (topo.hostOf(v) != runHost && !run.isEmpty()) {
        calls.call(runHost, new LoggingControl.Resend(run));
        run.clear();
      }
      runHost = topo.hostOf(v);
      run.add(v);
    }
    if (!run.isEmpty()) {
      calls.call(runHost, new LoggingControl.Resend(run));
    }
  }

  @Override
  public int hostOf(int vm) {
    return topo.hostOf(vm);
  }

  /** Minimum over VMs of their latest checkpoint (for information: no line is coordinated). */
  @Override
  public int takenLine() {
    return lines.takenLine();
  }

  /** Minimum over VMs of their latest safe checkpoint, where a host failure restarts them. */
  @Override
  public int durableLine() {
    return lines.safeLine();
  }
}
