package org.vmqsc.core.baseline.coordinated;

import org.vmqsc.core.role.Recovery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.spi.Protocol;
import org.vmqsc.core.spi.ProtocolContext;

/**
 * Baseline "coordinated" (SPEC §6): blocking two-phase coordinated checkpointing of all VMs every
 * T0, run by the manager, in the style of Koo and Toueg (1987). It is what VM_QSC is compared
 * against: no index on messages and no selective log, but blocked sends, a checkpoint of every VM
 * every period whatever its own optimal interval, and a global rollback on any failure.
 *
 * <h2>The round ({@link RoundCoordinator}, {@link CoordinatedHypervisor})</h2>
 * At its tick x the manager sends REQUEST(x) to every host. A hypervisor checkpoints each of its
 * VMs (guest copy plus per-channel sequence counters), stages the checkpoints to stable storage and
 * from then on <em>blocks sends</em>: a guest still runs and receives, but what it sends is
 * stamped (sequence number, round x) and held in order. When its checkpoints are durable the host
 * ACKs. When every host has ACKed, and every channel's state of line x is durable (below), the
 * manager COMMITs: line x is the committed line, hosts release the held sends and reclaim older
 * checkpoints ({@code storage.reclaim(vm, x)}). Round x+1 is not started while round x is open (its
 * tick is skipped, nothing counted), nor while a host or a VM is down (it could not complete).
 *
 * <h2>Why line x is consistent and complete</h2>
 * Every message carries {@code senderIndex} = the last round its sender had checkpointed when the
 * guest sent it.
 * <ul>
 * <li><b>No orphan.</b> A message sent after its sender's round-x checkpoint leaves the host only
 * at commit, and commit comes after every VM's round-x checkpoint; so no round-x checkpoint
 * records the receipt of a message its sender's round-x checkpoint has not sent. (Blocking is what
 * buys this; the manager asserts it: no receiver's count may exceed its sender's. In the
 * simulator control messages are instantaneous, so every host checkpoints at the same instant and
 * blocking is not even needed for consistency there; it is kept because it is the protocol, and
 * because its cost, blocked VM-time, is one of the things the comparison measures.)</li>
 * <li><b>Channel state.</b> A message sent before its sender's round-x checkpoint and received
 * after its receiver's one is in transit across line x. Since sends are blocked from checkpoint
 * to commit, these are exactly the messages with {@code senderIndex < x} that reach a host while
 * its round x is open. Each is logged at receipt (a CHANNEL record of interval x).</li>
 * <li><b>Commit waits for all of it.</b> Each ACK carries, per VM, what it had sent to every VM
 * before its checkpoint (the checkpoint's send counters) and, per receiver, the highest sequence
 * number per sender it holds in its checkpoint or in durable CHANNEL records. With all ACKs, the
 * manager knows for every channel s→r how many messages precede line x; where a receiver is short,
 * its host gets EXPECT(counts) and answers DRAINED once those messages have arrived and their
 * records are durable (writes of a host complete in order, so a ticket per record suffices). Only
 * then does it commit. So at commit every VM's round-x state and the whole channel state of line
 * x are on stable storage, and no message sent before line x is still in flight. With no network
 * delay nothing is ever in flight, and a round costs exactly REQUEST, ACK and COMMIT per host.</li>
 * </ul>
 *
 * <h2>Recovery</h2>
 * Any failure aborts the open round (hosts unblock; the rollback that follows undoes what they did
 * since). A VM failure marks the VM down; when its restart is due, <em>every</em> VM rolls back to
 * the committed line L (a VM failure is not local by design: P3 exempt). A host failure: at
 * recovery every VM rolls back to L. A rollback reads each VM's round-L checkpoint and CHANNEL
 * records of line L from durable storage alone (P5), gives the whole system a new incarnation,
 * restores every VM, and then re-delivers each VM's channel state in its original order. Messages
 * of an older incarnation with {@code senderIndex >= L} were sent by an undone execution and are
 * dropped as orphans; an older one with {@code senderIndex < L} cannot still be in flight (commit of
 * L waited for all of them), and duplicate suppression by per-channel sequence numbers, restored
 * with the checkpoints, would catch it anyway. If a VM's restart is due while a host is down, the
 * live hosts roll back at once, and everything again when the host recovers.
 *
 * <h2>Indexes, and the properties given up</h2>
 * A VM's "index" for the listener is the last round it checkpointed: taking the round-x checkpoint
 * is {@code crossed(vm, previous round, x, state)}, and a rollback reports
 * {@code restoredToLine(vm, L, state)}, which the oracle compares with the state recorded at
 * crossing into L. Boot images are C(vm,0): line 0 is committed from the start. Every VM
 * checkpoints every T0, ignoring its own period k: an MI_k VM's checkpoint at an index it is not
 * due at is what coordinated checkpointing does by design, so P4 (autonomy) is exempt, like P3.
 *
 * <p>Rule switches honoured (for tests that break the protocol on purpose):
 * {@code r8BackwardLog} off = channel state counted as settled at receipt but never logged;
 * {@code orphanFilter}, {@code duplicateSuppression} off = those filters off.
 */
public final class CoordinatedProtocol extends org.vmqsc.core.spi.HostedProtocol {
  private final ProtocolContext ctx;
  private final Topology topo;
  private final Incarnations incarnations = new Incarnations();
  private final RoundCoordinator manager;
  private final CoordinatedHypervisor[] hvs;
  /** Blocked time of hypervisors lost with their hosts. */
  private long blockedOnFailedHosts;

  public CoordinatedProtocol(ProtocolContext ctx) {
    this(ctx, new CoordinatedHypervisor[ctx.topology().hosts()]);
  }

  private CoordinatedProtocol(ProtocolContext ctx, CoordinatedHypervisor[] hvs) {
    super(ctx.topology(), hvs);
    this.ctx = ctx;
    this.topo = ctx.topology();
    this.hvs = hvs;
    this.manager = new RoundCoordinator(topo, ctx.listener(), h -> hvs[h]);
    for (int h = 0; h < hvs.length; h++) {
      hvs[h] = new CoordinatedHypervisor(h, ctx, incarnations, manager);
    }
  }

  @Override
  public String name() {
    return "coordinated";
  }

  @Override
  public void boot(IntFunction<Guest> guests) {
    for (CoordinatedHypervisor hv : hvs) {
      hv.boot(guests);
    }
  }

  /** The manager's clock drives the rounds; the hosts' own ticks play no part. */
  @Override
  public void onManagerTick(int x) {
    manager.onTick(x, everythingUp());
  }

  private boolean everythingUp() {
    for (CoordinatedHypervisor hv : hvs) {
      if (hv == null || !hv.allUp()) {
        return false;
      }
    }
    return true;
  }

  // ---- failures -----------------------------------------------------------------------------

  /** The VM is down until its restart; its hypervisor tells the manager, which aborts a round. */
  @Override
  public void failVm(int vm) {
    super.failVm(vm);
    ctx.listener().controlMessage("vm-failure");
    manager.abort();
  }

  /** Its restart is due: not a local repair, but a rollback of every (live) VM to the line. */
  @Override
  public void restoreVm(int vm) {
    List<Integer> live = new ArrayList<>();
    for (int h = 0; h < hvs.length; h++) {
      if (hvs[h] != null) {
        live.add(h);
      }
    }
    rollBack(live);
  }

  @Override
  public void failHost(int host) {
    blockedOnFailedHosts += hvs[host].blockedVmMillis();
    hvs[host] = null;
    manager.abort();
  }

  @Override
  public Recovery recoverHosts(Set<Integer> failed, int[] hostIndex) {
    List<Integer> all = new ArrayList<>();
    for (int h = 0; h < hvs.length; h++) {
      if (failed.contains(h)) {
        hvs[h] = new CoordinatedHypervisor(h, ctx, incarnations, manager);
      }
      all.add(h);
    }
    return rollBack(all);
  }

  /**
   * Every VM of {@code hosts} returns to the committed line, from durable storage, in a new
   * incarnation; then each gets its channel state of the line again.
   */
  private Recovery rollBack(List<Integer> hosts) {
    manager.abort();
    int line = manager.committedLine();
    int incarnation = incarnations.next(line);
    Set<Integer> vms = new TreeSet<>();
    for (int h : hosts) {
      ctx.listener().controlMessage("rollback");
      for (int v : topo.vmsOn(h)) {
        vms.add(v);
      }
    }
    Map<Integer, List<Message>> channelState = new HashMap<>();
    for (int v : vms) {
      ctx.storage().discardFuture(v, incarnation, line);
      LineRestore.Entry e = LineRestore.read(ctx.storage(), v, line);
      hvs[topo.hostOf(v)].restoreToLine(v, e.image(), line, incarnation);
      channelState.put(v, e.channelState());
    }
    for (int v : vms) {
      hvs[topo.hostOf(v)].redeliver(channelState.get(v));
    }
    ctx.listener().rolledBack(vms, line);
    return new Recovery(line, vms);
  }

  // ---- views --------------------------------------------------------------------------------

  /** The committed line: coordinated checkpointing has no taken-but-not-durable line. */
  @Override
  public int takenLine() {
    return manager.committedLine();
  }

  @Override
  public int durableLine() {
    return manager.committedLine();
  }

  /** P3: a VM failure rolls every VM back. P4: every VM checkpoints every T0, not on its period. */
  @Override
  public Set<String> exemptFrom() {
    return Set.of("P3", "P4");
  }

  @Override
  public long blockedVmMillis() {
    long total = blockedOnFailedHosts;
    for (CoordinatedHypervisor hv : hvs) {
      if (hv != null) {
        total += hv.blockedVmMillis();
      }
    }
    return total;
  }

  /** The round the manager has open, or -1 (for tests and traces). */
  public int openRound() {
    return manager.openRound();
  }

  /** Sends held back by the open round, over all hosts (for tests and traces). */
  public int queuedSends() {
    int n = 0;
    for (CoordinatedHypervisor hv : hvs) {
      n += hv == null ? 0 : hv.queuedSends();
    }
    return n;
  }
}
