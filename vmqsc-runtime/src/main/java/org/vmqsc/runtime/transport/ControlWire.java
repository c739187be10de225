package org.vmqsc.runtime.transport;

import java.util.List;
import org.vmqsc.core.role.Announcement;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.Done;
import org.vmqsc.core.role.Report;
import org.vmqsc.runtime.proto.ControlMessage;
import org.vmqsc.runtime.proto.HostReport;
import org.vmqsc.runtime.proto.MessageId;

/**
 * The roles' control records ({@link Control}) on the wire: one {@link ControlMessage}, whose
 * oneof has one message per record. The records every protocol may use (D2's {@link Report} and
 * {@link Announcement}, {@link Done}) are mapped here; each protocol family's own in a class of
 * its own ({@link PhaseCallWire} for VM_QSC's recovery phases, {@link LoggingWire},
 * {@link CoordinatedWire}, {@link BcsWire}). The drivers carry records without
 * looking inside; this is the one place that does. Pure.
 */
public final class ControlWire {
  private ControlWire() {}

  /** The record on the wire; IllegalArgumentException for a record no family maps. */
  public static ControlMessage toProto(Control c) {
    ControlMessage.Builder b = ControlMessage.newBuilder();
    if (c instanceof Report r) {
      return b.setReport(toProto(r)).build();
    } else if (c instanceof Announcement a) {
      return b.setAnnouncement(toProto(a)).build();
    } else if (c instanceof Done) {
      return b.setDone(org.vmqsc.runtime.proto.Done.getDefaultInstance()).build();
    }
    for (ControlMessage m : new ControlMessage[] {PhaseCallWire.toProto(c),
        LoggingWire.toProto(c), CoordinatedWire.toProto(c), BcsWire.toProto(c)}) {
      if (m != null) {
        return m;
      }
    }
    throw new IllegalArgumentException("no wire form for control record " + c);
  }

  /** The record as the roles read it; IllegalArgumentException for an empty or unknown body. */
  public static Control fromProto(ControlMessage m) {
    return switch (m.getBodyCase()) {
      case REPORT -> fromProto(m.getReport());
      case ANNOUNCEMENT -> fromProto(m.getAnnouncement());
      case DONE -> Done.DONE;
      case BODY_NOT_SET -> throw new IllegalArgumentException("an empty control message");
      default -> family(m);
    };
  }

  private static Control family(ControlMessage m) {
    Control c = PhaseCallWire.fromProto(m);
    if (c == null) {
      c = LoggingWire.fromProto(m);
    }
    if (c == null) {
      c = CoordinatedWire.fromProto(m);
    }
    if (c == null) {
      c = BcsWire.fromProto(m);
    }
    if (c == null) {
      throw new IllegalArgumentException("not a known control record: " + m.getBodyCase());
    }
    return c;
  }

  /**
   * The acknowledgements a record carries, which may be too many for one frame and go ahead in
   * {@link AckParts}; empty for a record that carries none.
   */
  public static List<MessageId> acks(ControlMessage m) {
    return switch (m.getBodyCase()) {
      case REPORT -> m.getReport().getAcksList();
      case ANNOUNCEMENT -> m.getAnnouncement().getAcksList();
      case HAND_OVER -> m.getHandOver().getAcksList();
      case LOGGED -> m.getLogged().getUpToList();
      case BCS_STATUS -> m.getBcsStatus().getAcksList();
      default -> List.of();
    };
  }

  /** The record with {@code acks} instead of its own (a record without acks as it is). */
  public static ControlMessage withAcks(ControlMessage m, List<MessageId> acks) {
    return switch (m.getBodyCase()) {
      case REPORT -> m.toBuilder().setReport(m.getReport().toBuilder().clearAcks()
          .addAllAcks(acks)).build();
      case ANNOUNCEMENT -> m.toBuilder().setAnnouncement(m.getAnnouncement().toBuilder()
          .clearAcks().addAllAcks(acks)).build();
      case HAND_OVER -> m.toBuilder().setHandOver(m.getHandOver().toBuilder().clearAcks()
          .addAllAcks(acks)).build();
      case LOGGED -> m.toBuilder().setLogged(m.getLogged().toBuilder().clearUpTo()
          .addAllUpTo(acks)).build();
      case BCS_STATUS -> m.toBuilder().setBcsStatus(m.getBcsStatus().toBuilder().clearAcks()
          .addAllAcks(acks)).build();
      default -> m;
    };
  }

  public static HostReport toProto(Report r) {
    HostReport.Builder b = HostReport.newBuilder().setHost(r.host()).setResentAt(r.resentAt());
    for (int i = 0; i < r.vms().length; i++) {
      b.addVms(r.vms()[i]).addIndex(r.index()[i]).addUsable(r.usable()[i])
          .addIncarnation(r.incarnation()[i]);
    }
    return b.addAllAcks(Wire.idsOf(r.acks())).build();
  }

  /** The report as the manager role reads it. */
  public static Report fromProto(HostReport p) {
    int n = p.getVmsCount();
    if (p.getIndexCount() != n || p.getUsableCount() != n || p.getIncarnationCount() != n) {
      throw new IllegalArgumentException("host report of host " + p.getHost()
          + ": vms, index, usable and incarnation differ in length");
    }
    int[] vms = new int[n];
    int[] index = new int[n];
    int[] usable = new int[n];
    int[] incarnation = new int[n];
    for (int i = 0; i < n; i++) {
      vms[i] = p.getVms(i);
      index[i] = p.getIndex(i);
      usable[i] = p.getUsable(i);
      incarnation[i] = p.getIncarnation(i);
    }
    return new Report(p.getHost(), vms, index, usable, incarnation,
        Wire.acksOf(p.getAcksList()), p.getResentAt());
  }

  public static org.vmqsc.runtime.proto.Announcement toProto(Announcement a) {
    return org.vmqsc.runtime.proto.Announcement.newBuilder().setDurableLine(a.durableLine())
        .addAllAcks(Wire.idsOf(a.acks())).build();
  }

  public static Announcement fromProto(org.vmqsc.runtime.proto.Announcement p) {
    return new Announcement(p.getDurableLine(), Wire.acksOf(p.getAcksList()));
  }
}
