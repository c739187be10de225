package org.vmqsc.core.baseline.coordinated;

import java.util.Set;
import org.vmqsc.core.role.HostEnv;
import org.vmqsc.core.role.HostRole;
import org.vmqsc.core.role.ManagerEnv;
import org.vmqsc.core.role.ManagerRole;
import org.vmqsc.core.role.ProtocolRoles;

/**
 * Baseline "coordinated" (SPEC §6): blocking two-phase coordinated checkpointing of all VMs every
 * T0, run by the manager, in the style of Koo and Toueg (1987). It is what VM_QSC is compared
 * against: no index on messages and no selective log, but blocked sends, a checkpoint of every VM
 * every period whatever its own optimal interval, and a global rollback on any failure.
 *
 * <h2>Roles</h2>
 * One {@link CoordinatedHypervisor} a host and one {@link CoordinatedManager}. They share no
 * object: the round's REQUEST, ACK, EXPECT, DRAINED, COMMIT and ABORT, and a host's word that a VM
 * failed or is due to restart, are {@link CoordinatedMessage}s, which may take any time to arrive;
 * a recovery is two {@link LineCall} phases. The manager alone numbers the executions
 * ({@link Incarnations}) and hands them to the hosts as they roll back.
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
 * buys this; the manager asserts it: no receiver's count may exceed its sender's. When control
 * messages are instantaneous every host checkpoints at the same instant and blocking is not even
 * needed for consistency; when they take the network's delay, it is.)</li>
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
 * since). A VM failure marks the VM down (VM_FAILED); when its restart is due (RESTART_DUE), <em>every</em>
 * VM rolls back to
 * the committed line L (a VM failure is not local by design: P3 exempt). A host failure: at
 * recovery every VM rolls back to L. A rollback reads each VM's round-L checkpoint and CHANNEL
 * records of line L from durable storage alone (P5), gives the whole system a new incarnation,
 * restores every VM (phase 1, on every host), and only then re-delivers each VM's channel state in
 * its original order (phase 2); between the phases a host holds its VMs' sends and what arrives. Messages
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
public final class CoordinatedRoles implements ProtocolRoles {
  public static final String NAME = "coordinated";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public HostRole host(HostEnv env) {
    return new CoordinatedHypervisor(env);
  }

  @Override
  public ManagerRole manager(ManagerEnv env) {
    return new CoordinatedManager(env);
  }

  /** P3: a VM failure rolls every VM back. P4: every VM checkpoints every T0, not on its period. */
  @Override
  public Set<String> exemptFrom() {
    return Set.of("P3", "P4");
  }
}
