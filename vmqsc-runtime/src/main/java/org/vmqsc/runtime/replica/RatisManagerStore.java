package org.vmqsc.runtime.replica;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.server.RaftServer;
import org.vmqsc.runtime.manager.ManagerStore;

/**
 * The leader's manager keeps its state in the Ratis group: a save is a write submitted to this
 * replica's own server (never forwarded: a client would retry at the new leader, and a deposed
 * manager's state would be committed under its successor) and returns once a majority has it.
 * A save that fails, times out, or finds this replica no longer leading in its term is {@link
 * ManagerStore.Lost}: the manager stops.
 */
final class RatisManagerStore implements ManagerStore {
  /** Longest a save waits for a majority: past it, the leader is cut off and must not act. */
  static final long SAVE_TIMEOUT_MILLIS = 5000;

  private final RaftServer server;
  private final ManagerStateMachine machine;
  private final BooleanSupplier leadsInTerm;
  private final String where;
  private final ClientId client = ClientId.randomId();
  private final AtomicLong callId = new AtomicLong();

  /** {@code leadsInTerm}: whether this replica still leads in the term its manager started in. */
  RatisManagerStore(RaftServer server, ManagerStateMachine machine, BooleanSupplier leadsInTerm,
      String where) {
    this.server = server;
    this.machine = machine;
    this.leadsInTerm = leadsInTerm;
    this.where = where;
  }

  @Override
  public String load() {
    return machine.state(); // leader-ready: every entry committed before this term is applied
  }

  @Override
  public void save(String text) throws IOException {
    if (!leadsInTerm.getAsBoolean()) {
      throw new Lost("this replica no longer leads", null);
    }
    RaftClientRequest req = RaftClientRequest.newBuilder().setClientId(client)
        .setServerId(server.getId()).setGroupId(RatisSettings.GROUP)
        .setCallId(callId.incrementAndGet()).setMessage(Message.valueOf(text))
        .setType(RaftClientRequest.writeRequestType()).build();
    RaftClientReply reply;
    try {
      reply = server.submitClientRequestAsync(req).get(SAVE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new Lost("not committed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Lost("interrupted", e);
    }
    if (!reply.isSuccess()) {
      throw new Lost("not committed: " + reply.getException(), reply.getException());
    }
    if (!leadsInTerm.getAsBoolean()) { // committed, but under a later term: act on nothing
      throw new Lost("this replica lost the lead while saving", null);
    }
  }

  @Override
  public String where() {
    return where;
  }
}
