package org.vmqsc.runtime.hypervisor;

import io.grpc.stub.StreamObserver;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.role.VmLook;
import org.vmqsc.runtime.cluster.LedgerWire;
import org.vmqsc.runtime.proto.JournalRequest;
import org.vmqsc.runtime.proto.JournalResponse;
import org.vmqsc.runtime.proto.LedgerRequest;
import org.vmqsc.runtime.proto.LedgerResponse;
import org.vmqsc.runtime.proto.RuntimeAdminGrpc;
import org.vmqsc.runtime.proto.TrafficRequest;
import org.vmqsc.runtime.proto.TrafficResponse;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * The hypervisor's part of RuntimeAdmin: what its guests hold (ledgers with hash chains, state
 * digests: the shared checks' P1, P2, P6), what it saw them go through (its journal: P3, P5) and
 * a traffic switch.
 */
final class HypervisorAdmin extends RuntimeAdminGrpc.RuntimeAdminImplBase {
  private final HypervisorNode node;

  HypervisorAdmin(HypervisorNode node) {
    this.node = node;
  }

  @Override
  public void ledgers(LedgerRequest req, StreamObserver<LedgerResponse> out) {
    HypervisorControl.onLoop(node, out, () -> {
      LedgerResponse.Builder b = LedgerResponse.newBuilder().setHost(node.host)
          .setTraffic(node.trafficOn);
      for (int v : node.localVms()) {
        VmLook look = node.role.look(v);
        VmLedger.Builder l = VmLedger.newBuilder().setVm(v);
        if (look != null && look.up()) {
          Guest g = look.guest();
          Ledger led = g.ledger();
          l.setUp(true).setBalance(g.balance()).setIndex(look.index())
              .setIncarnation(look.incarnation()).setDigest(g.digest())
              .setHasLedger(led != null);
          if (led != null) {
            LedgerWire.fill(l, led); // the peers it talked to only: never VMs squared
          }
        }
        b.addVms(l);
      }
      return b.build();
    });
  }

  /** What this host saw its VMs go through (read off the loop: the journal is synchronized). */
  @Override
  public void journal(JournalRequest req, StreamObserver<JournalResponse> out) {
    out.onNext(JournalResponse.newBuilder().setHost(node.host)
        .addAllEntries(node.journal.entries()).build());
    out.onCompleted();
  }

  @Override
  public void setTraffic(TrafficRequest req, StreamObserver<TrafficResponse> out) {
    HypervisorControl.onLoop(node, out, () -> {
      node.trafficOn = req.getOn();
      return TrafficResponse.newBuilder().setOn(node.trafficOn).build();
    });
  }
}
