package org.vmqsc.report.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.Protocol;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.sim.SimListener;

/**
 * Watches a simulated run and keeps what a space-time diagram of the shown VMs needs. Messages are
 * matched from send to delivery by (from, to, seq, sender incarnation): a rolled-back sender
 * reuses sequence numbers, but in a new incarnation (D6). Only messages between shown VMs that
 * were sent by the end of the window are kept, and only deliveries at or after its start.
 */
public final class TraceRecorder implements SimListener {
  private record Key(int from, int to, int seq, int incarnation) {
    static Key of(Message m) {
      return new Key(m.from, m.to, m.seq, m.senderIncarnation);
    }
  }

  /** A send, and how often it has been delivered (a second delivery is a re-delivery). */
  private static final class Sent {
    final long millis;
    final int senderIndex;
    int deliveries;

    Sent(long millis, int senderIndex) {
      this.millis = millis;
      this.senderIndex = senderIndex;
    }
  }

  private record PendingRollback(Set<Integer> vms, int line) {}

  private final TraceTopology topo;
  private final long basePeriodMillis;
  private final boolean[] shown;
  private final long fromMillis;
  private final long toMillis;
  private LongSupplier clock = () -> 0L;

  private final Map<Key, Sent> sends = new HashMap<>();
  private final Map<Key, List<Arrow>> arrowsByKey = new HashMap<>();
  private final List<Arrow> arrows = new ArrayList<>();
  /** Records written before the delivery they describe (R8, and the baselines' records). */
  private final Map<Key, Trace.Stable> loggedAhead = new HashMap<>();
  private final boolean[] forcedPending;
  private final int[] replayed;
  private final long[] downSince;
  private final long[] failedAt;
  private PendingRollback pendingRollback;

  private final List<Trace.Checkpoint> checkpoints = new ArrayList<>();
  private final List<Trace.Crossing> crossings = new ArrayList<>();
  private final List<Trace.LineChange> lines = new ArrayList<>();
  private final List<Trace.Failure> failures = new ArrayList<>();
  private final List<Trace.Rollback> rollbacks = new ArrayList<>();
  private final List<Trace.Down> downtimes = new ArrayList<>();

  /** Records the VMs {@code shown} (all if null) for the window [fromMillis, toMillis]. */
  public TraceRecorder(TraceTopology topo, long basePeriodMillis, Set<Integer> shown,
      long fromMillis, long toMillis) {
    this.topo = topo;
    this.basePeriodMillis = basePeriodMillis;
    int n = topo.vms();
    this.shown = new boolean[n];
    for (int v = 0; v < n; v++) {
      this.shown[v] = shown == null || shown.contains(v);
    }
    this.fromMillis = fromMillis;
    this.toMillis = toMillis;
    this.forcedPending = new boolean[n];
    this.replayed = new int[n];
    this.downSince = new long[n];
    this.failedAt = new long[n];
    java.util.Arrays.fill(downSince, -1);
  }

  /** Everything seen so far; call after the run. */
  public Trace trace() {
    long end = clock.getAsLong();
    List<Trace.Down> downs = new ArrayList<>(downtimes);
    for (int v = 0; v < downSince.length; v++) {
      if (downSince[v] >= 0 && shown[v]) {
        downs.add(new Trace.Down(v, downSince[v], end));
      }
    }
    return new Trace(topo, basePeriodMillis, end, arrows, checkpoints, crossings, lines,
        failures, rollbacks, downs);
  }

  private long now() {
    return clock.getAsLong();
  }

  @Override
  public void clock(LongSupplier simulatedMillis) {
    this.clock = simulatedMillis;
  }

  // ---- messages ---------------------------------------------------------------------------

  @Override
  public void sent(int vm, Message m) {
    long t = now();
    if (shown[m.from] && shown[m.to] && t <= toMillis) {
      sends.put(Key.of(m), new Sent(t, m.senderIndex));
    }
  }

  @Override
  public void delivered(int vm, Message m, int interval, boolean replay) {
    if (replay) {
      replayed[vm]++; // R9: replayed from the log, not received again; not drawn
      return;
    }
    Key key = Key.of(m);
    Trace.Stable ahead = loggedAhead.remove(key);
    boolean forced = forcedPending[vm];
    forcedPending[vm] = false;
    Sent sent = sends.get(key);
    if (sent == null) {
      return;
    }
    sent.deliveries++;
    long t = now();
    if (t < fromMillis) {
      return;
    }
    Arrow a = new Arrow(m.from, m.to, sent.senderIndex, sent.millis, t, interval,
        topo.crossHost(m.from, m.to), sent.deliveries > 1);
    a.stable = ahead != null ? ahead : Trace.Stable.VOLATILE;
    a.forcedCheckpoint = forced;
    arrows.add(a);
    arrowsByKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(a);
  }

  /**
   * R6 writes an interval's log at the boundary after it, so it marks deliveries already seen.
   * Every other record (R8; a baseline's receipt or channel record) is staged at receipt, just
   * before the delivery it describes is reported (or, for pessimistic logging, before the
   * delivery the write makes possible).
   */
  @Override
  public void stableLogged(LogItem item) {
    if (item.kind() == LogItem.Kind.R6) {
      for (LogEntry e : item.entries()) {
        markR6(e);
      }
      return;
    }
    Trace.Stable kind = item.kind() == LogItem.Kind.R8 ? Trace.Stable.R8 : Trace.Stable.OTHER;
    for (LogEntry e : item.entries()) {
      Message m = e.message();
      if (m != null && shown[m.from] && shown[m.to]) {
        loggedAhead.put(Key.of(m), kind);
      }
    }
  }

  private void markR6(LogEntry e) {
    Message m = e.message();
    if (m == null) {
      return; // a timer determinant (D9)
    }
    List<Arrow> seen = arrowsByKey.get(Key.of(m));
    if (seen == null) {
      return;
    }
    for (int i = seen.size() - 1; i >= 0; i--) {
      Arrow a = seen.get(i);
      if (a.interval() == e.interval) {
        a.stable = Trace.Stable.R6;
        return;
      }
    }
  }

  // ---- checkpoints, indexes, lines --------------------------------------------------------

  @Override
  public void checkpoint(int vm, int firstIndex, int dueIndex, boolean forced, long bytes) {
    if (forced) {
      forcedPending[vm] = true; // R3: the message delivered next caused it
    }
    if (shown[vm]) {
      checkpoints.add(new Trace.Checkpoint(vm, now(), firstIndex, dueIndex, forced));
    }
  }

  @Override
  public void crossed(int vm, int from, int to, org.vmqsc.core.guest.Guest guest) {
    if (!shown[vm]) {
      return;
    }
    if (from < 0) {
      // Boot: C(i,0) is the boot image, on stable storage from the start.
      checkpoints.add(new Trace.Checkpoint(vm, now(), 0, 0, false));
    }
    crossings.add(new Trace.Crossing(vm, now(), from, to));
  }

  @Override
  public void lines(int takenLine, int durableLine) {
    Trace.LineChange last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
    if (last == null || last.taken() != takenLine || last.durable() != durableLine) {
      lines.add(new Trace.LineChange(now(), takenLine, durableLine));
    }
  }

  // ---- failures and recovery (R9) ---------------------------------------------------------

  @Override
  public void vmFailed(int vm) {
    failedAt[vm] = now();
    replayed[vm] = 0;
    if (shown[vm]) {
      failures.add(new Trace.Failure(now(), vm, -1));
    }
    goDown(vm);
  }

  @Override
  public void hostFailed(int host) {
    failures.add(new Trace.Failure(now(), -1, host));
    for (int v = 0; v < topo.vms(); v++) {
      if (topo.hostOf(v) == host) {
        failedAt[v] = now();
        goDown(v);
      }
    }
  }

  @Override
  public void rolledBack(Set<Integer> vms, int line) {
    pendingRollback = new PendingRollback(Set.copyOf(vms), line);
  }

  @Override
  public void vmRestored(int vm) {
    comeUp(vm);
    PendingRollback p = pendingRollback;
    pendingRollback = null;
    if (p == null || !p.vms().contains(vm) || !shown[vm]) {
      return;
    }
    Trace.Checkpoint from = null;
    for (Trace.Checkpoint c : checkpoints) {
      if (c.vm() == vm && c.firstIndex() == p.line() && c.millis() <= failedAt[vm]) {
        from = c;
      }
    }
    rollbacks.add(new Trace.Rollback(vm, now(), from == null ? p.line() : from.dueIndex(), true,
        replayed[vm], from == null ? -1 : from.millis()));
    replayed[vm] = 0;
  }

  @Override
  public void hostsRecovered(Set<Integer> hosts, org.vmqsc.core.role.Recovery recovery) {
    for (int v = 0; v < topo.vms(); v++) {
      if (hosts.contains(topo.hostOf(v))) {
        comeUp(v);
      }
    }
    pendingRollback = null;
    for (int v : recovery.rolledBack()) {
      if (shown[v]) {
        rollBackToLine(v, recovery.line());
      }
      replayed[v] = 0;
    }
  }

  /** R9, host failure: the VM's work since line Y is undone; mark what that execution did. */
  private void rollBackToLine(int vm, int line) {
    long t = now();
    long target = -1;
    for (Trace.Crossing c : crossings) {
      if (c.vm() == vm && c.from() < line && line <= c.to() && c.millis() < t) {
        target = c.millis();
      }
    }
    for (Arrow a : arrows) {
      boolean receivedAfterLine = a.to() == vm && a.interval() >= line && a.deliverMillis() < t;
      boolean sentAfterLine = a.from() == vm && a.senderIndex() >= line && a.sendMillis() < t;
      if (receivedAfterLine || sentAfterLine) {
        a.undone = true;
      }
    }
    rollbacks.add(new Trace.Rollback(vm, t, line, false, replayed[vm], target));
  }

  private void goDown(int vm) {
    if (downSince[vm] < 0) {
      downSince[vm] = now();
    }
  }

  private void comeUp(int vm) {
    if (downSince[vm] >= 0 && shown[vm]) {
      downtimes.add(new Trace.Down(vm, downSince[vm], now()));
    }
    downSince[vm] = -1;
  }
}
