package org.vmqsc.runtime.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.protocol.HypervisorPort.Rollback;
import org.vmqsc.runtime.proto.DependenciesResponse;
import org.vmqsc.runtime.proto.MessageId;
import org.vmqsc.runtime.proto.VmDependencies;
import org.vmqsc.runtime.proto.VmMessage;

/**
 * Conversions between the core's records and their wire form (vmqsc.proto). Pure; validation of
 * what arrives is {@link RelayRules}'s job, not this class's.
 */
public final class Wire {
  private Wire() {}

  public static VmMessage toProto(Message m) {
    return VmMessage.newBuilder().setFrom(m.from).setTo(m.to).setSeq(m.seq)
        .setSenderIndex(m.senderIndex).setSenderIncarnation(m.senderIncarnation)
        .setPayload(m.payload).setAmount(m.amount).build();
  }

  public static Message fromProto(VmMessage p) {
    return new Message(p.getFrom(), p.getTo(), p.getSeq(), p.getSenderIndex(),
        p.getSenderIncarnation(), p.getPayload(), p.getAmount());
  }

  /**
   * An acknowledgement on the wire (D2): the delivered message's name. The sender index is not
   * part of it (the sender knows its own), so it stays unset.
   */
  public static MessageId idOf(Ack a) {
    return MessageId.newBuilder().setFrom(a.from()).setTo(a.to()).setSeq(a.seq())
        .setSenderIncarnation(a.senderIncarnation()).build();
  }

  public static Ack ackOf(MessageId id) {
    return new Ack(id.getFrom(), id.getTo(), id.getSenderIncarnation(), id.getSeq());
  }

  /** Acknowledgements on the wire, in order. */
  public static List<MessageId> idsOf(List<Ack> acks) {
    List<MessageId> ids = new ArrayList<>(acks.size());
    for (Ack a : acks) {
      ids.add(idOf(a));
    }
    return ids;
  }

  /** Acknowledgements as the core reads them, in order. */
  public static List<Ack> acksOf(List<MessageId> ids) {
    List<Ack> acks = new ArrayList<>(ids.size());
    for (MessageId id : ids) {
      acks.add(ackOf(id));
    }
    return acks;
  }

  public static org.vmqsc.runtime.proto.HostReport toProto(org.vmqsc.core.role.Report r) {
    var b = org.vmqsc.runtime.proto.HostReport.newBuilder().setHost(r.host());
    for (int i = 0; i < r.vms().length; i++) {
      b.addVms(r.vms()[i]).addIndex(r.index()[i]).addUsable(r.usable()[i]);
    }
    return b.addAllAcks(idsOf(r.acks())).build();
  }

  /** The report as the core's manager reads it. */
  public static org.vmqsc.core.role.Report fromProto(org.vmqsc.runtime.proto.HostReport p) {
    int n = p.getVmsCount();
    if (p.getIndexCount() != n || p.getUsableCount() != n) {
      throw new IllegalArgumentException("host report of host " + p.getHost()
          + ": vms, index and usable differ in length");
    }
    int[] vms = new int[n];
    int[] index = new int[n];
    int[] usable = new int[n];
    for (int i = 0; i < n; i++) {
      vms[i] = p.getVms(i);
      index[i] = p.getIndex(i);
      usable[i] = p.getUsable(i);
    }
    return new org.vmqsc.core.role.Report(p.getHost(), vms, index, usable,
        acksOf(p.getAcksList()));
  }

  public static org.vmqsc.runtime.proto.Rollback toProto(Rollback r) {
    return org.vmqsc.runtime.proto.Rollback.newBuilder().setVm(r.vm())
        .setIncarnation(r.incarnation()).setLine(r.line()).setHost(r.host()).build();
  }

  public static Rollback fromProto(org.vmqsc.runtime.proto.Rollback p) {
    return new Rollback(p.getVm(), p.getIncarnation(), p.getLine(), p.getHost());
  }

  public static DependenciesResponse toProto(Map<Integer, Set<Integer>> deps) {
    var b = DependenciesResponse.newBuilder();
    deps.forEach((vm, senders) -> b.addVms(
        VmDependencies.newBuilder().setVm(vm).addAllSenders(new TreeSet<>(senders))));
    return b.build();
  }

  public static Map<Integer, Set<Integer>> fromProto(DependenciesResponse p) {
    Map<Integer, Set<Integer>> deps = new java.util.TreeMap<>();
    for (VmDependencies d : p.getVmsList()) {
      deps.put(d.getVm(), new TreeSet<>(d.getSendersList()));
    }
    return deps;
  }
}
