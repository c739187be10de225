package org.vmqsc.core.baseline.coordinated;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vmqsc.core.role.Control;

/**
 * The one-way control messages of coordinated checkpointing, as immutable values: the round
 * (REQUEST, ACK, EXPECT, DRAINED, COMMIT, ABORT) and a host's word on its VMs' failures. Per-VM
 * counts are maps from a VM to one count per VM (its sends to, or its receipts from, each VM),
 * copied on construction and iterated in VM order.
 *
 * <p>Control channels are FIFO between a pair of ends, as the VMs' channels are; nothing else is
 * assumed about their delay. A round's number is the manager's tick, never reused, so a message of
 * an aborted round is recognised by its number and ignored.
 */
public sealed interface CoordinatedMessage extends Control {
  /** Manager to hosts: take round x's checkpoints, block sends. */
  record Request(int x) implements CoordinatedMessage {}

  /**
   * Host to manager: its round-x checkpoints are durable. {@code sentBefore}: per local VM, what
   * it had sent to each VM before its checkpoint; {@code settled}: per local VM, the highest
   * sequence number from each sender held in its checkpoint or in durable channel-state records.
   */
  record Ack(int x, Map<Integer, List<Integer>> sentBefore, Map<Integer, List<Integer>> settled)
      implements CoordinatedMessage {
    public Ack {
      sentBefore = copy(sentBefore);
      settled = copy(settled);
    }
  }

  /** Manager to a host: per local receiver, the count from each sender line x's state needs. */
  record Expect(int x, Map<Integer, List<Integer>> counts) implements CoordinatedMessage {
    public Expect {
      counts = copy(counts);
    }
  }

  /** Host to manager: what its EXPECT named is all durable. */
  record Drained(int x) implements CoordinatedMessage {}

  /** Manager to hosts: line x stands. */
  record Commit(int x) implements CoordinatedMessage {}

  /** Manager to hosts: round x is given up. */
  record Abort(int x) implements CoordinatedMessage {}

  /** Host to manager: its VM crashed in execution {@code incarnation}. */
  record VmFailed(int vm, int incarnation) implements CoordinatedMessage {}

  /** Host to manager: the crashed VM's restart is due (it failed in {@code incarnation}). */
  record RestartDue(int vm, int incarnation) implements CoordinatedMessage {}

  /** An immutable copy, in VM order. */
  static Map<Integer, List<Integer>> copy(Map<Integer, List<Integer>> counts) {
    Map<Integer, List<Integer>> c = new TreeMap<>();
    counts.forEach((vm, row) -> c.put(vm, List.copyOf(row)));
    return Collections.unmodifiableMap(c);
  }

  /** Per-VM count arrays as an immutable map of lists. */
  static Map<Integer, List<Integer>> ofArrays(Map<Integer, int[]> counts) {
    Map<Integer, List<Integer>> c = new TreeMap<>();
    counts.forEach((vm, row) -> c.put(vm, java.util.Arrays.stream(row).boxed().toList()));
    return Collections.unmodifiableMap(c);
  }
}
