package org.vmqsc.core.baseline.bcs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.role.Report;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableStorage;

/**
 * The manager side of BCS: from one report per host per tick it keeps, for every VM, its sn and
 * the highest line it allows ({@link BcsVm#usable}). The <em>taken</em> line is the lowest sn
 * (every VM has reached it); the <em>durable</em> line is the lowest usable value, never moving
 * back. Line n is then entirely on stable storage: each VM's first checkpoint with sn >= n is
 * durable, every message sent with sn < n was delivered (acknowledged), and those delivered after
 * the receiver's line checkpoint have durable CHANNEL records. Stale reports are safe for the same
 * reason as VM_QSC's (docs/protocol.md D2): a message sent after its sender's report carries
 * sn >= that report's usable value, and an acknowledgement rides in its receiver's report, which
 * counts the message's CHANNEL record as pending, and reaches the sender only through the manager.
 */
final class BcsManager {
  private final Topology topo;
  private final StableStorage storage;
  private final ProtocolListener listener;
  private final int[] sn;
  private final int[] usable;
  /** Acknowledgements to relay, per sender host, with the next announcement. */
  private final List<List<Ack>> relay = new ArrayList<>();
  /** Line 0 is the VMs' boot images, durable before anything runs. */
  private int durableLine = 0;

  BcsManager(Topology topo, StableStorage storage, ProtocolListener listener) {
    this.topo = topo;
    this.storage = storage;
    this.listener = listener;
    this.sn = new int[topo.vms()];
    this.usable = new int[topo.vms()];
    for (int h = 0; h < topo.hosts(); h++) {
      relay.add(new ArrayList<>());
    }
  }

  void onReport(Report r) {
    listener.controlMessage("report");
    for (int i = 0; i < r.vms().length; i++) {
      sn[r.vms()[i]] = r.index()[i];
      usable[r.vms()[i]] = r.usable()[i];
    }
    for (Ack a : r.acks()) {
      relay.get(topo.hostOf(a.from())).add(a);
    }
    int durable = Integer.MAX_VALUE;
    for (int u : usable) {
      durable = Math.min(durable, u);
    }
    if (durable > durableLine) {
      durableLine = durable;
      for (int v = 0; v < topo.vms(); v++) {
        storage.reclaim(v, durableLine); // what no line from n on needs: below each line checkpoint
      }
    }
    listener.lines(takenLine(), durableLine);
  }

  /**
   * The manager's period: one announcement to each host, with the durable line (so it may drop
   * what is below it) and the acknowledgements relayed for its VMs' sends. With the reports that
   * is two control messages per host per period, whoever talks to whom (docs/protocol.md D2).
   */
  void onTick(IntFunction<BcsHost> hosts) {
    for (int h = 0; h < topo.hosts(); h++) {
      listener.controlMessage("announce");
      List<Ack> acks = relay.get(h);
      relay.set(h, new ArrayList<>());
      BcsHost host = hosts.apply(h);
      if (host != null) {
        host.onAcks(acks);
      }
    }
  }

  /**
   * After a rollback to {@code line} the VM stands at {@code restoredSn}; until its host reports
   * afresh the line stays where it is.
   */
  void rolledBack(int vm, int restoredSn, int line) {
    sn[vm] = restoredSn;
    usable[vm] = line;
    relay.get(topo.hostOf(vm)).clear(); // acknowledgements of the undone execution's sends
  }

  int takenLine() {
    int taken = Integer.MAX_VALUE;
    for (int s : sn) {
      taken = Math.min(taken, s);
    }
    return taken;
  }

  int durableLine() {
    return durableLine;
  }
}
