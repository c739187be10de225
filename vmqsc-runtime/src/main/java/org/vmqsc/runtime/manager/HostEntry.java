package org.vmqsc.runtime.manager;

import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.model.AckList;
import org.vmqsc.runtime.proto.SessionDown;
import org.vmqsc.runtime.transport.AckParts;

/** What the manager knows of one host. Confined to the manager's loop. */
final class HostEntry {
  String address;
  boolean alive;
  boolean awaitingRecovery;
  boolean joinedEver;
  int joins;
  /** When the manager last heard from it, on the manager's clock. */
  long lastHeard;
  /** When this host was last declared failed (for the relocation policy, D14). */
  long failedAt;
  /** The session of the host's current process; null while it has none. */
  StreamObserver<SessionDown> down;
  /**
   * Acks relayed to a host that has joined but whose session has not sent its first message
   * yet (so {@code down} is still null), or that did not fit in its last announcement
   * ({@link AckParts#MAX_WHOLE_BYTES}). The core hands each ack over once; dropping it here
   * would leave the sender's message unacknowledged for ever and hold the durable line (D2).
   * Kept as ranges, as they came: replaced, not cleared, when they go.
   */
  AckList pendingAcks = new AckList();
  /**
   * The manager role's other records for a host that has not opened its session yet (at the
   * cluster's start, a round's first REQUEST comes before the hosts have joined): a host that is
   * starting is not down, and a protocol that waits for an answer would wait for ever.
   */
  final List<org.vmqsc.core.role.Control> pendingControls = new ArrayList<>();

  /** The fields a join changes, to put back when the join is refused. */
  record Liveness(String address, boolean alive, boolean awaitingRecovery, boolean joinedEver,
      int joins, long lastHeard, StreamObserver<SessionDown> down) {}

  Liveness liveness() {
    return new Liveness(address, alive, awaitingRecovery, joinedEver, joins, lastHeard, down);
  }

  void restore(Liveness l) {
    address = l.address();
    alive = l.alive();
    awaitingRecovery = l.awaitingRecovery();
    joinedEver = l.joinedEver();
    joins = l.joins();
    lastHeard = l.lastHeard();
    down = l.down();
  }
}
