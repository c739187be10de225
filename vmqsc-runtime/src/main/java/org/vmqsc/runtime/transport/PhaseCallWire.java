package org.vmqsc.runtime.transport;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vmqsc.core.protocol.HypervisorPort.Rollback;
import org.vmqsc.core.protocol.PhaseCall;
import org.vmqsc.core.role.Control;
import org.vmqsc.runtime.proto.ControlMessage;
import org.vmqsc.runtime.proto.VmDependencies;

/** VM_QSC's recovery phases ({@link PhaseCall}) on the wire, for {@link ControlWire}. Pure. */
final class PhaseCallWire {
  private PhaseCallWire() {}

  /** The phase on the wire, or null when {@code c} is not one of VM_QSC's phases. */
  static ControlMessage toProto(Control c) {
    if (!(c instanceof PhaseCall p)) {
      return null;
    }
    ControlMessage.Builder b = ControlMessage.newBuilder();
    if (p instanceof PhaseCall.DependenciesSince d) {
      b.setDependenciesSince(org.vmqsc.runtime.proto.DependenciesSince.newBuilder()
          .setLine(d.line()));
    } else if (p instanceof PhaseCall.Dependencies d) {
      b.setDependencies(toProto(d.byVm()));
    } else if (p instanceof PhaseCall.NoteRollbacks n) {
      b.setNoteRollbacks(org.vmqsc.runtime.proto.NoteRollbacks.newBuilder()
          .addAllRollbacks(n.rollbacks().stream().map(PhaseCallWire::toProto).toList()));
    } else if (p instanceof PhaseCall.RollBack r) {
      b.setRollBack(org.vmqsc.runtime.proto.RollBack.newBuilder()
          .addAllVms(r.vms().stream().map(PhaseCallWire::toProto).toList()));
    } else if (p instanceof PhaseCall.Resume r) {
      b.setResume(org.vmqsc.runtime.proto.Resume.newBuilder().addAllVms(r.vms()));
    } else if (p instanceof PhaseCall.HandOver h) {
      b.setHandOver(org.vmqsc.runtime.proto.HandOver.newBuilder()
          .addAllAcks(Wire.idsOf(h.acks())));
    } else if (p instanceof PhaseCall.RetransmitTo r) {
      b.setRetransmitTo(org.vmqsc.runtime.proto.RetransmitTo.newBuilder()
          .addAllRestoredVms(new TreeSet<>(r.restoredVms())));
    }
    return b.build();
  }

  /** The phase, or null when the message is not one of VM_QSC's phases. */
  static Control fromProto(ControlMessage m) {
    return switch (m.getBodyCase()) {
      case DEPENDENCIES_SINCE -> new PhaseCall.DependenciesSince(m.getDependenciesSince()
          .getLine());
      case DEPENDENCIES -> new PhaseCall.Dependencies(fromProto(m.getDependencies()));
      case NOTE_ROLLBACKS -> new PhaseCall.NoteRollbacks(m.getNoteRollbacks().getRollbacksList()
          .stream().map(PhaseCallWire::fromProto).toList());
      case ROLL_BACK -> new PhaseCall.RollBack(m.getRollBack().getVmsList().stream()
          .map(PhaseCallWire::fromProto).toList());
      case RESUME -> new PhaseCall.Resume(m.getResume().getVmsList());
      case HAND_OVER -> new PhaseCall.HandOver(Wire.acksOf(m.getHandOver().getAcksList()));
      case RETRANSMIT_TO -> new PhaseCall.RetransmitTo(
          new TreeSet<>(m.getRetransmitTo().getRestoredVmsList()));
      default -> null;
    };
  }

  static org.vmqsc.runtime.proto.Rollback toProto(Rollback r) {
    return org.vmqsc.runtime.proto.Rollback.newBuilder().setVm(r.vm())
        .setIncarnation(r.incarnation()).setLine(r.line()).setHost(r.host()).build();
  }

  static Rollback fromProto(org.vmqsc.runtime.proto.Rollback p) {
    return new Rollback(p.getVm(), p.getIncarnation(), p.getLine(), p.getHost());
  }

  static org.vmqsc.runtime.proto.Dependencies toProto(Map<Integer, Set<Integer>> deps) {
    var b = org.vmqsc.runtime.proto.Dependencies.newBuilder();
    new TreeMap<>(deps).forEach((vm, senders) -> b.addVms(
        VmDependencies.newBuilder().setVm(vm).addAllSenders(new TreeSet<>(senders))));
    return b.build();
  }

  static Map<Integer, Set<Integer>> fromProto(org.vmqsc.runtime.proto.Dependencies p) {
    Map<Integer, Set<Integer>> deps = new TreeMap<>();
    for (VmDependencies d : p.getVmsList()) {
      deps.put(d.getVm(), new TreeSet<>(d.getSendersList()));
    }
    return deps;
  }
}
