package org.vmqsc.runtime.hypervisor;

import io.grpc.stub.StreamObserver;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.role.VmLook;
import org.vmqsc.runtime.proto.LedgerRequest;
import org.vmqsc.runtime.proto.LedgerResponse;
import org.vmqsc.runtime.proto.RuntimeAdminGrpc;
import org.vmqsc.runtime.proto.TrafficRequest;
import org.vmqsc.runtime.proto.TrafficResponse;
import org.vmqsc.runtime.proto.VmLedger;

/** The hypervisor's part of RuntimeAdmin: guest ledgers (P2, P6 checks) and a traffic switch. */
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
              .setIncarnation(look.incarnation());
          for (int p = 0; p < node.topo.vms(); p++) {
            l.addSentCount(led == null ? 0 : led.sentCount(p));
            l.addRecvCount(led == null ? 0 : led.recvCount(p));
          }
        }
        b.addVms(l);
      }
      return b.build();
    });
  }

  @Override
  public void setTraffic(TrafficRequest req, StreamObserver<TrafficResponse> out) {
    HypervisorControl.onLoop(node, out, () -> {
      node.trafficOn = req.getOn();
      return TrafficResponse.newBuilder().setOn(node.trafficOn).build();
    });
  }
}
