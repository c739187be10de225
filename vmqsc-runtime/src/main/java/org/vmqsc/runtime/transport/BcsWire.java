package org.vmqsc.runtime.transport;

import java.util.List;
import java.util.TreeMap;
import org.vmqsc.core.baseline.bcs.BcsControl;
import org.vmqsc.core.role.Control;
import org.vmqsc.runtime.proto.BcsStatus;
import org.vmqsc.runtime.proto.ControlMessage;

/** BCS's records ({@link BcsControl}) on the wire, for {@link ControlWire}. Pure. */
final class BcsWire {
  private BcsWire() {}

  /** The record on the wire, or null when it is not one of BCS's. */
  static ControlMessage toProto(Control c) {
    ControlMessage.Builder b = ControlMessage.newBuilder();
    if (c instanceof BcsControl.Status s) {
      BcsStatus.Builder p = BcsStatus.newBuilder().setHost(s.host());
      for (int i = 0; i < s.vms().length; i++) {
        p.addVms(s.vms()[i]).addIncarnation(s.incarnation()[i]).addSn(s.sn()[i])
            .addUsable(s.usable()[i]);
      }
      b.setBcsStatus(p.addAllAcks(Wire.idsOf(s.acks())));
    } else if (c instanceof BcsControl.RestartDue r) {
      b.setBcsRestartDue(org.vmqsc.runtime.proto.BcsRestartDue.newBuilder().setVm(r.vm())
          .setIncarnation(r.incarnation()));
    } else if (c instanceof BcsControl.Restore r) {
      b.setBcsRestore(org.vmqsc.runtime.proto.BcsRestore.newBuilder().setLine(r.line())
          .addAllBefore(rollbacks(r.before()))
          .putAllIncarnationOf(new TreeMap<>(r.incarnationOf())));
    } else if (c instanceof BcsControl.Restored r) {
      b.setBcsRestored(org.vmqsc.runtime.proto.BcsRestored.newBuilder()
          .putAllSnOf(new TreeMap<>(r.snOf())));
    } else if (c instanceof BcsControl.NoteRollbacks n) {
      b.setBcsNoteRollbacks(org.vmqsc.runtime.proto.BcsNoteRollbacks.newBuilder()
          .addAllAll(rollbacks(n.all())));
    } else if (c instanceof BcsControl.Redeliver r) {
      b.setBcsRedeliver(org.vmqsc.runtime.proto.BcsRedeliver.newBuilder().setLine(r.line())
          .addAllVms(r.vms()));
    } else {
      return null;
    }
    return b.build();
  }

  /** The record, or null when the message is not one of BCS's. */
  static Control fromProto(ControlMessage m) {
    return switch (m.getBodyCase()) {
      case BCS_STATUS -> status(m.getBcsStatus());
      case BCS_RESTART_DUE -> new BcsControl.RestartDue(m.getBcsRestartDue().getVm(),
          m.getBcsRestartDue().getIncarnation());
      case BCS_RESTORE -> new BcsControl.Restore(m.getBcsRestore().getLine(),
          rollbacksOf(m.getBcsRestore().getBeforeList()),
          m.getBcsRestore().getIncarnationOfMap());
      case BCS_RESTORED -> new BcsControl.Restored(m.getBcsRestored().getSnOfMap());
      case BCS_NOTE_ROLLBACKS -> new BcsControl.NoteRollbacks(
          rollbacksOf(m.getBcsNoteRollbacks().getAllList()));
      case BCS_REDELIVER -> new BcsControl.Redeliver(m.getBcsRedeliver().getLine(),
          m.getBcsRedeliver().getVmsList());
      default -> null;
    };
  }

  private static BcsControl.Status status(BcsStatus p) {
    int n = p.getVmsCount();
    if (p.getIncarnationCount() != n || p.getSnCount() != n || p.getUsableCount() != n) {
      throw new IllegalArgumentException("bcs status of host " + p.getHost()
          + ": vms, incarnation, sn and usable differ in length");
    }
    int[] vms = new int[n];
    int[] inc = new int[n];
    int[] sn = new int[n];
    int[] usable = new int[n];
    for (int i = 0; i < n; i++) {
      vms[i] = p.getVms(i);
      inc[i] = p.getIncarnation(i);
      sn[i] = p.getSn(i);
      usable[i] = p.getUsable(i);
    }
    return new BcsControl.Status(p.getHost(), vms, inc, sn, usable, Wire.acksOf(p.getAcksList()));
  }

  private static List<org.vmqsc.runtime.proto.BcsRollback> rollbacks(
      List<BcsControl.Rollback> rs) {
    return rs.stream().map(r -> org.vmqsc.runtime.proto.BcsRollback.newBuilder()
        .setVm(r.vm()).setIncarnation(r.incarnation()).setLine(r.line())
        .setRestoredSn(r.restoredSn()).build()).toList();
  }

  private static List<BcsControl.Rollback> rollbacksOf(
      List<org.vmqsc.runtime.proto.BcsRollback> ps) {
    return ps.stream().map(p -> new BcsControl.Rollback(p.getVm(), p.getIncarnation(),
        p.getLine(), p.getRestoredSn())).toList();
  }
}
