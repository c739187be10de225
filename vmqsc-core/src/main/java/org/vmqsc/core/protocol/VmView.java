package org.vmqsc.core.protocol;

import org.vmqsc.core.guest.Guest;

/** A read-only look at one VM as its hypervisor holds it. */
public final class VmView {
  private final VmSlot s;

  VmView(VmSlot s) {
    this.s = s;
  }

  public int vm() {
    return s.vm;
  }

  public boolean up() {
    return s.up;
  }

  public int index() {
    return s.index;
  }

  public int incarnation() {
    return s.incarnation;
  }

  public Guest guest() {
    return s.guest;
  }

  public int volatileLogSize() {
    return s.log.size();
  }

  public int senderCopies() {
    return s.senderCopies.size();
  }

  /** Messages this VM sent that no receiver has acknowledged yet (D2). */
  public int inFlight() {
    return s.inFlight.size();
  }

  public int stagedCheckpoints() {
    return s.checkpoints.size();
  }

  /** The index the VM's latest checkpoint was due at (C(i, x) for x = this), or -1. */
  public int lastCheckpoint() {
    StagedCheckpoint c = s.latestCheckpoint();
    return c == null ? -1 : c.item.dueIndex();
  }

  /** Whether the latest checkpoint is on stable storage yet (R10: written lazily). */
  public boolean lastCheckpointDurable() {
    StagedCheckpoint c = s.latestCheckpoint();
    return c != null && c.durable;
  }

  public int durableThrough() {
    return s.durableThrough;
  }

  public int usable() {
    return s.usable();
  }
}
