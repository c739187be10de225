package org.vmqsc.runtime.hypervisor;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.HostReport;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.Heartbeat;
import org.vmqsc.runtime.proto.ManagerServiceGrpc;
import org.vmqsc.runtime.proto.SessionDown;
import org.vmqsc.runtime.proto.SessionUp;
import org.vmqsc.runtime.transport.Wire;

/**
 * The hypervisor's end of its Session with the manager: reports (R4, with the acks of D2) and
 * heartbeats up, announcements down. Written only from the event loop; announcements are handed
 * to the loop. A broken session is reopened after a second.
 */
final class ManagerSession {
  private static final System.Logger LOG = System.getLogger(ManagerSession.class.getName());

  private final HypervisorNode node;
  private final ManagedChannel channel;
  private ClientCallStreamObserver<SessionUp> up; // loop only
  private volatile boolean closed;

  ManagerSession(HypervisorNode node, ManagedChannel channel) {
    this.node = node;
    this.channel = channel;
  }

  void open() {
    node.loop.execute(this::connect);
    node.loop.scheduleAtFixedRate(this::heartbeat, 0, ClusterSpec.HEARTBEAT_INTERVAL_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  private void connect() {
    if (closed) {
      return;
    }
    ManagerServiceGrpc.newStub(channel).session(new ClientResponseObserver<SessionUp,
        SessionDown>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<SessionUp> s) {
        node.loop.execute(() -> up = s);
      }

      @Override
      public void onNext(SessionDown d) {
        if (d.hasAnnouncement()) {
          node.loop.execute(() -> node.onAnnouncement(d.getAnnouncement().getDurableLine(),
              d.getAnnouncement().getAcksList()));
        }
      }

      @Override
      public void onError(Throwable t) {
        broken(t.toString());
      }

      @Override
      public void onCompleted() {
        broken("closed by the manager");
      }
    });
  }

  private void broken(String why) {
    if (closed) {
      return;
    }
    LOG.log(Level.WARNING, "host {0}: manager session broken ({1}); reconnecting", node.host,
        why);
    node.loop.execute(() -> {
      up = null;
      resendRecentAcks();
    });
    node.loop.schedule(this::connect, 1, TimeUnit.SECONDS);
  }

  /** Acks of reports that found no session: they must still reach the manager (D2). */
  private final List<Message> unsentAcks = new ArrayList<>(); // loop only
  /**
   * Acks sent lately, with their send times. A manager that dies loses the reports it had not
   * read and the acks it had not yet announced, and a lost ack would hold the durable line back
   * for ever; so after a broken session the acks of this window go again (a duplicate ack only
   * finds nothing to mark at the sender).
   */
  private final ArrayDeque<Object[]> recentAcks = new ArrayDeque<>(); // loop only

  void report(HostReport r) {
    if (up == null) {
      unsentAcks.addAll(r.acks());
      return;
    }
    if (!unsentAcks.isEmpty()) {
      List<Message> acks = new ArrayList<>(unsentAcks);
      acks.addAll(r.acks());
      unsentAcks.clear();
      r = new HostReport(r.host(), r.vms(), r.index(), r.usable(), acks);
    }
    long now = System.currentTimeMillis();
    if (!r.acks().isEmpty()) {
      recentAcks.addLast(new Object[] {now, r.acks()});
    }
    long window = 2 * node.spec.basePeriodMillis() + node.spec.heartbeatTimeoutMillis();
    while (!recentAcks.isEmpty() && (long) recentAcks.peekFirst()[0] < now - window) {
      recentAcks.pollFirst();
    }
    send(SessionUp.newBuilder().setReport(Wire.toProto(r)).build());
  }

  @SuppressWarnings("unchecked")
  private void resendRecentAcks() {
    List<Message> again = new ArrayList<>();
    for (Object[] e : recentAcks) {
      again.addAll((List<Message>) e[1]);
    }
    recentAcks.clear();
    again.addAll(unsentAcks);
    unsentAcks.clear();
    unsentAcks.addAll(again);
  }

  private void heartbeat() {
    send(SessionUp.newBuilder().setHeartbeat(Heartbeat.newBuilder().setHost(node.host)
        .setSentAtMillis(System.currentTimeMillis())).build());
  }

  private void send(SessionUp msg) {
    if (up == null) {
      return; // a report lost with a broken session is superseded by the next one
    }
    try {
      up.onNext(msg);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "host {0}: cannot write to manager: {1}", node.host, e.toString());
    }
  }

  void close() {
    closed = true;
    node.loop.execute(() -> {
      if (up != null) {
        up.onCompleted();
      }
    });
  }
}
