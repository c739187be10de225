package org.vmqsc.runtime.transport;

import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import org.vmqsc.core.config.Topology;
import org.vmqsc.runtime.proto.LinkHello;
import org.vmqsc.runtime.proto.VmMessage;

/**
 * What a receiving hypervisor accepts from a peer's stream. A message is refused unless both
 * VM ids are in 0..vms-1, its receiver runs here ({@code accepts}), its sender runs on the host
 * that opened the stream ({@code hostOf}: no host can pose as another host's VM), and its
 * sequence number, index and incarnation are not negative. Checked on the network thread, so
 * {@code accepts} and {@code hostOf} must be thread-safe (a fixed placement is).
 *
 * @param localHost the host this receiver runs on
 * @param vms the number of VMs in the cluster
 * @param accepts which VMs this receiver delivers to
 * @param hostOf the host each VM runs on
 */
public record RelayRules(int localHost, int vms, IntPredicate accepts, IntUnaryOperator hostOf) {
  public RelayRules {
    if (localHost < 0 || vms < 1) {
      throw new IllegalArgumentException("localHost must be >= 0 and vms >= 1; got " + localHost
          + ", " + vms);
    }
  }

  /** The rules of a fixed placement: {@code host} accepts the VMs the topology puts on it. */
  public static RelayRules forHost(Topology topo, int host) {
    return new RelayRules(host, topo.vms(), vm -> topo.hostOf(vm) == host, topo::hostOf);
  }

  /** Why a stream's opening frame is refused, or null when it is fine. */
  String problem(LinkHello h) {
    if (h.getReceiverHost() != localHost) {
      return "stream meant for host " + h.getReceiverHost() + " reached host " + localHost;
    }
    if (h.getSenderHost() < 0 || h.getSenderHost() == localHost) {
      return "bad sender host " + h.getSenderHost();
    }
    return null;
  }

  /** Why {@code m}, on a stream opened by {@code senderHost}, is refused, or null when it is fine. */
  String problem(int senderHost, VmMessage m) {
    if (m.getTo() < 0 || m.getTo() >= vms || !accepts.test(m.getTo())) {
      return "message for vm " + m.getTo() + ", which does not run on host " + localHost;
    }
    if (m.getFrom() < 0 || m.getFrom() >= vms || hostOf.applyAsInt(m.getFrom()) != senderHost) {
      return "message from vm " + m.getFrom() + ", which does not run on sending host "
          + senderHost;
    }
    if (m.getSeq() < 0 || m.getSenderIndex() < 0 || m.getSenderIncarnation() < 0) {
      return "negative seq, index or incarnation in " + m.getFrom() + "->" + m.getTo() + " #"
          + m.getSeq();
    }
    return null;
  }
}
