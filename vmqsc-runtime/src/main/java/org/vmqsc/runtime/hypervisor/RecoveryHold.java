package org.vmqsc.runtime.hypervisor;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.model.Message;

/**
 * A recovery is atomic for this host (D11): from the manager's first recovery call until it ends
 * the recovery (EndRecovery), peer messages are held, the tick deferred and guest timers skipped;
 * then the held messages go to the role (under VM_QSC, where the orphan filter sees the new
 * incarnations) and the clock catches up. A restarted host whose VMs are not rebuilt yet holds
 * the same way. Confined to the node's loop.
 *
 * <p>There is no time limit. A recovery whose attempt failed half-way is replayed from the same
 * plan (VM_QSC), and a host that let go meanwhile would run its VMs past the rollbacks it was
 * told of, with dependencies that plan cannot know: it holds until the plan completes, or it is
 * fenced (it then stops).
 */
final class RecoveryHold {
  private final HypervisorNode node;
  private boolean holding;
  private final List<Message> held = new ArrayList<>();
  private int deferredTick = -1;

  RecoveryHold(HypervisorNode node) {
    this.node = node;
  }

  /** Whether the role must not run now: a recovery is under way, or the VMs are not rebuilt. */
  boolean blocks() {
    return holding || !node.ready;
  }

  /** A tick that came while blocked: the latest one runs on release. */
  void deferTick(int x) {
    deferredTick = Math.max(deferredTick, x);
  }

  /** A peer message that came while blocked. */
  void keep(Message m) {
    held.add(m);
  }

  int heldCount() {
    return held.size();
  }

  /** A recovery's call came: hold everything until the manager ends the recovery. */
  void start() {
    holding = true;
  }

  /**
   * The manager ended the recovery. If it failed and this restarted host's VMs are not rebuilt
   * yet, they still wait (for the recovery planned again); otherwise go on.
   */
  void end(boolean completed) {
    if (completed || node.ready) {
      release();
    } else {
      holding = false;
    }
  }

  /** Deliver what waited, catch up on the clock. */
  void release() {
    holding = false;
    node.ready = true;
    List<Message> waiting = new ArrayList<>(held);
    held.clear();
    for (Message m : waiting) {
      node.role.onArrival(m);
    }
    if (deferredTick >= 0) {
      int x = deferredTick;
      deferredTick = -1;
      node.role.onTick(x);
    }
  }
}
