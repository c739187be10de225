package org.vmqsc.runtime.transport;

import java.util.TreeMap;
import java.util.TreeSet;
import org.vmqsc.core.baseline.pessimistic.LoggingControl;
import org.vmqsc.core.role.Control;
import org.vmqsc.runtime.proto.ControlMessage;

/** Pessimistic logging's records ({@link LoggingControl}) on the wire, for {@link ControlWire}. */
final class LoggingWire {
  private LoggingWire() {}

  /** The record on the wire, or null when it is not one of pessimistic logging's. */
  static ControlMessage toProto(Control c) {
    ControlMessage.Builder b = ControlMessage.newBuilder();
    if (c instanceof LoggingControl.Logged l) {
      b.setLogged(org.vmqsc.runtime.proto.Logged.newBuilder().setSenderHost(l.senderHost())
          .addAllUpTo(Wire.idsOf(l.upTo())));
    } else if (c instanceof LoggingControl.LineStatus s) {
      b.setLineStatus(org.vmqsc.runtime.proto.LineStatus.newBuilder()
          .putAllTaken(new TreeMap<>(s.taken())).putAllSafe(new TreeMap<>(s.safe())));
    } else if (c instanceof LoggingControl.Rebuild) {
      b.setRebuild(org.vmqsc.runtime.proto.Rebuild.getDefaultInstance());
    } else if (c instanceof LoggingControl.Rebuilt r) {
      b.setRebuilt(org.vmqsc.runtime.proto.Rebuilt.newBuilder()
          .putAllRestartOf(new TreeMap<>(r.restartOf())));
    } else if (c instanceof LoggingControl.Resend r) {
      b.setResend(org.vmqsc.runtime.proto.Resend.newBuilder().addAllVms(r.vms()));
    } else if (c instanceof LoggingControl.RetransmitTo r) {
      b.setRetransmitToHosts(org.vmqsc.runtime.proto.RetransmitToHosts.newBuilder()
          .addAllHosts(new TreeSet<>(r.hosts())));
    } else {
      return null;
    }
    return b.build();
  }

  /** The record, or null when the message is not one of pessimistic logging's. */
  static Control fromProto(ControlMessage m) {
    return switch (m.getBodyCase()) {
      case LOGGED -> new LoggingControl.Logged(m.getLogged().getSenderHost(),
          Wire.acksOf(m.getLogged().getUpToList()));
      case LINE_STATUS -> new LoggingControl.LineStatus(m.getLineStatus().getTakenMap(),
          m.getLineStatus().getSafeMap());
      case REBUILD -> new LoggingControl.Rebuild();
      case REBUILT -> new LoggingControl.Rebuilt(m.getRebuilt().getRestartOfMap());
      case RESEND -> new LoggingControl.Resend(m.getResend().getVmsList());
      case RETRANSMIT_TO_HOSTS -> new LoggingControl.RetransmitTo(
          new TreeSet<>(m.getRetransmitToHosts().getHostsList()));
      default -> null;
    };
  }
}
