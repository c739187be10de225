package org.vmqsc.core.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.protocol.HypervisorPort.Rollback;

/**
 * R9, host failure: the phases a {@link Hypervisor} runs when the manager recovers (phase 1, the
 * dependencies since the line; phase 3, its VMs back at the line with their re-deliveries set
 * aside; phase 4, catching up and re-delivering; phase 5, R7's kept copies re-sent). Phase 2
 * (rollbacks noted) and the hand-over stay on the hypervisor, which they change throughout.
 */
final class RecoveryPhases {
  private final Hypervisor hv;
  private final java.util.Map<Integer, List<Message>> pendingRedelivery = new java.util.TreeMap<>();

  RecoveryPhases(Hypervisor hv) {
    this.hv = hv;
  }

  java.util.Map<Integer, Set<Integer>> dependenciesSince(int line) {
    java.util.Map<Integer, Set<Integer>> deps = new java.util.TreeMap<>();
    for (int v : hv.localVms()) {
      if (hv.slot(v) != null) {
        deps.put(v, dependenciesSince(v, line));
      }
    }
    return deps;
  }

  void rollBack(List<Rollback> vms) {
    for (Rollback r : vms) {
      // From memory when it reaches back to the line; a fall-back to an older line (D15) may
      // reach past what this hypervisor kept, and then stable storage has it.
      VmSlot s = hv.slot(r.vm());
      List<Message> redeliver = s != null && s.checkpointFor(r.line()) != null
          ? LineRollback.fromMemory(hv, r.vm(), r.line(), r.incarnation())
          : LineRollback.fromStable(hv, r.vm(), r.line(), r.incarnation());
      hv.listener().restoredToLine(r.vm(), r.line(), hv.slot(r.vm()).guest);
      // A recovery retried after failing half-way (a real runtime's lot) rolls a VM back again
      // before phase 4 ran: what the first attempt set aside is kept, not overwritten (the
      // log it came from was cut at the line); a message set aside twice is a duplicate, dropped
      // by its sequence number when offered.
      pendingRedelivery.merge(r.vm(), redeliver, (before, now) -> {
        List<Message> all = new ArrayList<>(before);
        all.addAll(now);
        all.sort(java.util.Comparator.comparingInt((Message m) -> m.from)
            .thenComparingInt(m -> m.seq));
        return all;
      });
    }
  }

  void resume(List<Integer> vms) {
    for (int v : vms) {
      VmSlot s = hv.slot(v);
      hv.advance(s, hv.localIndex(), false);
      // none when phase 4 is repeated (a retried recovery): it was delivered the first time
      for (Message m : pendingRedelivery.getOrDefault(v, List.of())) {
        hv.offer(s, m);
      }
      pendingRedelivery.remove(v);
      hv.drainWaiting(s);
    }
  }

  /**
   * R7: re-sends the kept copies of messages to VMs that were rebuilt from stable storage (those
   * of the failed hosts, wherever they run now). A re-sent copy is in flight again: until it is
   * acknowledged anew, the durable line must not pass its index (else the copy could be dropped
   * and lost to a second failure before it lands).
   */
  void retransmitTo(Set<Integer> restoredVms) {
    for (int v : hv.localVms()) {
      VmSlot s = hv.slot(v);
      if (s == null) {
        continue;
      }
      for (Message m : s.senderCopies) {
        if (restoredVms.contains(m.to)) {
          int dest = hv.where().hostOf(m.to);
          if (m.senderIncarnation == s.incarnation) {
            s.inFlight.sent(m); // in flight again, if it was acknowledged
          }
          hv.listener().controlMessage("retransmit");
          if (dest == hv.host()) {
            hv.onArrival(m); // its receiver now runs here (D14)
          } else {
            hv.transport().send(dest, m);
          }
        }
      }
    }
  }

  /** Senders from which this VM received a message sent at index >= y (a dependency after y). */
  Set<Integer> dependenciesSince(int vm, int y) {
    Set<Integer> senders = new HashSet<>();
    for (LogEntry e : hv.slot(vm).log.from(y)) {
      Message m = e.message();
      if (m != null && m.senderIndex >= y) {
        senders.add(m.from);
      }
    }
    return senders;
  }
}
