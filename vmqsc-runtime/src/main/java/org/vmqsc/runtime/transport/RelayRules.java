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
    return problem(senderHost, m.getFrom(), m.getTo(), m.getSeq(), m.getSenderIndex(),
        m.getSenderIncarnation());
  }

  /** The same, for a message's fields as {@link PackedMessages} reads them. */
  String problem(int senderHost, int from, int to, int seq, int senderIndex,
      int senderIncarnation) {
    if (to < 0 || to >= vms || !accepts.test(to)) {
      return "message for vm " + to + ", which does not run on host " + localHost;
    }
    if (from < 0 || from >= vms || hostOf.applyAsInt(from) != senderHost) {
      return "message from vm " + from + ", which does not run on sending host " + senderHost;
    }
    if (seq < 0 || senderIndex < 0 || senderIncarnation < 0) {
      return "negative seq, index or incarnation in " + from + "->" + to + " #" + seq;
    }
    return null;
  }
}
