package org.vmqsc.runtime.hypervisor;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.AckList;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.Report;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.AckPart;
import org.vmqsc.runtime.proto.ControlMessage;
import org.vmqsc.runtime.proto.EpochRequest;
import org.vmqsc.runtime.proto.Heartbeat;
import org.vmqsc.runtime.proto.ManagerServiceGrpc;
import org.vmqsc.runtime.proto.RuntimeAdminGrpc;
import org.vmqsc.runtime.proto.SessionDown;
import org.vmqsc.runtime.proto.SessionUp;
import org.vmqsc.runtime.transport.AckParts;
import org.vmqsc.runtime.transport.AckReassembly;
import org.vmqsc.runtime.transport.ControlWire;
import org.vmqsc.runtime.transport.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hypervisor's end of its Session with the manager: the host role's control records (reports,
 * R4, with the acks of D2) and heartbeats up, the manager role's records (announcements) down;
 * acks too many for one frame go ahead in parts on both ways ({@link AckParts}). Written only from
 * the event loop; records coming down are put together whole and handed to the loop. A broken
 * session is reopened after a second.
 */
final class ManagerSession {
  private static final Logger LOG = LoggerFactory.getLogger(ManagerSession.class);
  /** A broken session is opened again after this long, on the node's clock. */
  static final long RECONNECT_MILLIS = 1000;

  private final HypervisorNode node;
  private final ManagedChannel channel;
  private ClientCallStreamObserver<SessionUp> up; // loop only
  private volatile boolean closed;

  ManagerSession(HypervisorNode node, ManagedChannel channel) {
    this.node = node;
    this.channel = channel;
  }

  /** The cluster's clock epoch (R1), from the manager, which may still be starting. */
  static long fetchEpoch(ManagedChannel managerChannel) throws InterruptedException {
    return fetchEpoch(managerChannel, 60_000); // as long as cluster up waits for joins
  }

  /**
   * The same, asking for up to {@code waitMillis}: replicas of a replicated manager start their
   * Ratis servers and elect a leader before any of them answers (tens of seconds under load).
   */
  static long fetchEpoch(ManagedChannel managerChannel, long waitMillis)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + waitMillis;
    boolean said = false;
    while (true) {
      try {
        return RuntimeAdminGrpc.newBlockingStub(managerChannel)
            .withDeadlineAfter(2, TimeUnit.SECONDS).epoch(EpochRequest.getDefaultInstance())
            .getStartEpochMillis();
      } catch (io.grpc.StatusRuntimeException e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
        if (!said) { // expected while the manager starts: one line, no trace
          said = true;
          io.grpc.Status st = e.getStatus();
          LOG.warn("the manager at {} does not answer yet ({}{}); asking again for up to {} s",
              managerChannel.authority(), st.getCode(), st.getCause() != null
                  ? ": " + st.getCause().getMessage() : "", waitMillis / 1000);
        }
        Thread.sleep(200); // the manager may still be starting
      }
    }
  }

  void open() {
    node.loop.execute(this::connect);
    node.timers.atFixedRate(0, ClusterSpec.HEARTBEAT_INTERVAL_MILLIS, this::heartbeat);
  }

  private void connect() {
    if (closed) {
      return;
    }
    // gRPC backs off between connection attempts (1 s, 1.6 s, 2.6 s, ... up to minutes) while
    // the manager is down; a restarted manager would then hear from this host only after its
    // heartbeat timeout, declare it failed and fence it. Reconnect on our own one-second beat.
    channel.resetConnectBackoff();
    ManagerServiceGrpc.newStub(channel).session(new ClientResponseObserver<SessionUp,
        SessionDown>() {
      private final AckReassembly ahead = new AckReassembly(AckParts.MAX_WHOLE_BYTES);
      private ClientCallStreamObserver<SessionUp> stream;

      @Override
      public void beforeStart(ClientCallStreamObserver<SessionUp> s) {
        stream = s;
        node.loop.execute(() -> up = s);
      }

      @Override
      public void onNext(SessionDown d) {
        if (ahead.refused()) {
          return;
        }
        if (d.hasAckPart() && !ahead.add(d.getAckPart())) {
          LOG.warn("host {}: manager sent more than {} bytes of acks ahead of an "
              + "announcement; closing the session", node.host, AckParts.MAX_WHOLE_BYTES);
          stream.cancel("acks ahead of an announcement past the bound", null);
        } else if (d.hasControl()) {
          Control c;
          try {
            c = ControlWire.fromProto(ahead.complete(d.getControl()));
          } catch (IllegalArgumentException e) {
            LOG.warn("host {}: the manager sent {}; closing the session",
                node.host, e.getMessage());
            stream.cancel("an unreadable control record", null);
            return;
          }
          node.loop.execute(() -> node.onControl(c)); // whole, in stream order
        }
      }

      @Override
      public void onError(Throwable t) {
        io.grpc.Status s = io.grpc.Status.fromThrowable(t);
        if (s.getCode() == io.grpc.Status.Code.FAILED_PRECONDITION
            && s.getDescription() != null
            && s.getDescription().startsWith(org.vmqsc.runtime.manager.ManagerNode.FENCED)) {
          node.fenced(); // the manager declared this host failed: stop, as a crash would
          return;
        }
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
    LOG.warn("host {}: manager session broken ({}); reconnecting", node.host,
        why);
    node.loop.execute(() -> {
      up = null;
      resendRecentAcks();
    });
    node.timers.after(RECONNECT_MILLIS, this::connect);
  }

  /** Acks of reports that found no session: they must still reach the manager (D2). */
  private AckList unsentAcks = new AckList(); // loop only; replaced, not cleared
  /**
   * Acks sent lately, with their send times. A manager that dies loses the reports it had not
   * read and the acks it had not yet announced, and a lost ack would hold the durable line back
   * for ever; so after a broken session the acks of this window go again (a duplicate ack only
   * finds nothing to mark at the sender). This also covers a report whose acks went ahead in
   * parts and whose stream broke before its final frame: the manager drops the parts
   * (AckReassembly), and they are in this window.
   */
  private final ArrayDeque<Object[]> recentAcks = new ArrayDeque<>(); // loop only

  /** A record of the host role for the manager role (loop only). */
  void send(Control c) {
    if (c instanceof Report r) {
      report(r);
    } else {
      // Lost with a broken session, as on a network: the protocols' one-way records say so.
      for (var f : AckParts.frames(ControlWire.toProto(c))) {
        send(f instanceof AckPart p ? SessionUp.newBuilder().setAckPart(p).build()
            : SessionUp.newBuilder().setControl((ControlMessage) f).build());
      }
    }
  }

  void report(Report r) {
    if (up == null) {
      Wire.addRanges(unsentAcks, r.acks());
      return;
    }
    // Range by range: added one by one (List.addAll), a report's acks were an object each.
    AckList acks = unsentAcks;
    Wire.addRanges(acks, r.acks());
    var head = ControlWire.toProto(new Report(r.host(), r.vms(), r.index(), r.usable(),
        r.incarnation(), List.of(), r.resentAt()));
    // One id per range of acks (Wire.idsOf), so the split counts ranges.
    AckParts.Split split = AckParts.split(Wire.idsOf(acks), head.getSerializedSize());
    // A backlog past the bound of one report goes with the next: an ack may reach the manager
    // later than the report it was due in, never earlier (D2), so deferring it is safe.
    unsentAcks = acks.ranges(split.taken(), acks.rangeCount());
    remember(AckList.copyOf(acks.ranges(0, split.taken())));
    long bytes = 0;
    for (AckPart part : split.ahead()) {
      SessionUp f = SessionUp.newBuilder().setAckPart(part).build();
      bytes += f.getSerializedSize();
      send(f);
    }
    SessionUp last = SessionUp.newBuilder().setControl(ControlMessage.newBuilder()
        .setReport(head.toBuilder().addAllAcks(split.last()))).build();
    ReportProbe.sent(split.ahead().size() + 1, bytes + last.getSerializedSize(), split.taken());
    send(last);
  }

  private void remember(List<Ack> sentAcks) {
    long now = node.clock.millis();
    if (!sentAcks.isEmpty()) {
      recentAcks.addLast(new Object[] {now, sentAcks});
    }
    long window = 2 * node.spec.basePeriodMillis() + node.spec.heartbeatTimeoutMillis();
    while (!recentAcks.isEmpty() && (long) recentAcks.peekFirst()[0] < now - window) {
      recentAcks.pollFirst();
    }
  }

  @SuppressWarnings("unchecked")
  private void resendRecentAcks() {
    AckList again = new AckList();
    for (Object[] e : recentAcks) {
      Wire.addRanges(again, (List<Ack>) e[1]);
    }
    recentAcks.clear();
    Wire.addRanges(again, unsentAcks);
    unsentAcks = again;
  }

  /**
   * Tells the manager's event history of a VM failure or restart here (loop only). Lost with a
   * broken session, like a report: it is a record for people, not for the protocol.
   */
  void vmEvent(org.vmqsc.runtime.proto.VmEvent.Kind kind, int vm) {
    send(SessionUp.newBuilder().setVmEvent(org.vmqsc.runtime.proto.VmEvent.newBuilder()
        .setKind(kind).setVm(vm).setAtMillis(node.clock.millis())).build());
  }

  /** Whether there is a stream to the manager to write to (loop only). */
  boolean connected() {
    return up != null;
  }

  private void heartbeat() {
    send(SessionUp.newBuilder().setHeartbeat(Heartbeat.newBuilder().setHost(node.host)
        .setSentAtMillis(node.clock.millis())).build());
  }

  private void send(SessionUp msg) {
    if (up == null) {
      return; // a report lost with a broken session is superseded by the next one
    }
    try {
      up.onNext(msg.toBuilder().setHost(node.host).setJoin(node.joinNumber).build());
    } catch (RuntimeException e) {
      LOG.warn("host {}: cannot write to manager: {}", node.host, e.toString());
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
