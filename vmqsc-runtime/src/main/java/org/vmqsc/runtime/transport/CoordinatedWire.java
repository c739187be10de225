package org.vmqsc.runtime.transport;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vmqsc.core.baseline.coordinated.CoordinatedMessage;
import org.vmqsc.core.baseline.coordinated.LineCall;
import org.vmqsc.core.role.Control;
import org.vmqsc.runtime.proto.ControlMessage;
import org.vmqsc.runtime.proto.RoundAck;
import org.vmqsc.runtime.proto.VmCounts;

/**
 * Coordinated checkpointing's records ({@link CoordinatedMessage}, {@link LineCall}) on the wire,
 * for {@link ControlWire}. Pure.
 */
final class CoordinatedWire {
  private CoordinatedWire() {}

  /** The record on the wire, or null when it is not one of coordinated checkpointing's. */
  static ControlMessage toProto(Control c) {
    ControlMessage.Builder b = ControlMessage.newBuilder();
    if (c instanceof CoordinatedMessage.Request r) {
      b.setRoundRequest(org.vmqsc.runtime.proto.RoundRequest.newBuilder().setX(r.x()));
    } else if (c instanceof CoordinatedMessage.Ack a) {
      b.setRoundAck(RoundAck.newBuilder().setX(a.x()).addAllSentBefore(counts(a.sentBefore()))
          .addAllSettled(counts(a.settled())));
    } else if (c instanceof CoordinatedMessage.Expect e) {
      b.setRoundExpect(org.vmqsc.runtime.proto.RoundExpect.newBuilder().setX(e.x())
          .addAllCounts(counts(e.counts())));
    } else if (c instanceof CoordinatedMessage.Drained d) {
      b.setRoundDrained(org.vmqsc.runtime.proto.RoundDrained.newBuilder().setX(d.x()));
    } else if (c instanceof CoordinatedMessage.Commit m) {
      b.setRoundCommit(org.vmqsc.runtime.proto.RoundCommit.newBuilder().setX(m.x()));
    } else if (c instanceof CoordinatedMessage.Abort a) {
      b.setRoundAbort(org.vmqsc.runtime.proto.RoundAbort.newBuilder().setX(a.x()));
    } else if (c instanceof CoordinatedMessage.VmFailed f) {
      b.setVmFailed(org.vmqsc.runtime.proto.VmFailed.newBuilder().setVm(f.vm())
          .setIncarnation(f.incarnation()));
    } else if (c instanceof CoordinatedMessage.RestartDue r) {
      b.setRestartDue(org.vmqsc.runtime.proto.RestartDue.newBuilder().setVm(r.vm())
          .setIncarnation(r.incarnation()));
    } else if (c instanceof LineCall.RestoreLine r) {
      b.setRestoreLine(org.vmqsc.runtime.proto.RestoreLine.newBuilder()
          .addAllStartLines(r.startLines()).setRoundsThrough(r.roundsThrough()));
    } else if (c instanceof LineCall.Redeliver) {
      b.setRedeliver(org.vmqsc.runtime.proto.Redeliver.getDefaultInstance());
    } else {
      return null;
    }
    return b.build();
  }

  /** The record, or null when the message is not one of coordinated checkpointing's. */
  static Control fromProto(ControlMessage m) {
    return switch (m.getBodyCase()) {
      case ROUND_REQUEST -> new CoordinatedMessage.Request(m.getRoundRequest().getX());
      case ROUND_ACK -> new CoordinatedMessage.Ack(m.getRoundAck().getX(),
          counts(m.getRoundAck().getSentBeforeList()), counts(m.getRoundAck().getSettledList()));
      case ROUND_EXPECT -> new CoordinatedMessage.Expect(m.getRoundExpect().getX(),
          counts(m.getRoundExpect().getCountsList()));
      case ROUND_DRAINED -> new CoordinatedMessage.Drained(m.getRoundDrained().getX());
      case ROUND_COMMIT -> new CoordinatedMessage.Commit(m.getRoundCommit().getX());
      case ROUND_ABORT -> new CoordinatedMessage.Abort(m.getRoundAbort().getX());
      case VM_FAILED -> new CoordinatedMessage.VmFailed(m.getVmFailed().getVm(),
          m.getVmFailed().getIncarnation());
      case RESTART_DUE -> new CoordinatedMessage.RestartDue(m.getRestartDue().getVm(),
          m.getRestartDue().getIncarnation());
      case RESTORE_LINE -> new LineCall.RestoreLine(m.getRestoreLine().getStartLinesList(),
          m.getRestoreLine().getRoundsThrough());
      case REDELIVER -> LineCall.Redeliver.REDELIVER;
      default -> null;
    };
  }

  private static List<VmCounts> counts(Map<Integer, List<Integer>> byVm) {
    return byVm.entrySet().stream().map(e -> VmCounts.newBuilder().setVm(e.getKey())
        .addAllCounts(e.getValue()).build()).toList();
  }

  private static Map<Integer, List<Integer>> counts(List<VmCounts> rows) {
    Map<Integer, List<Integer>> byVm = new TreeMap<>();
    for (VmCounts r : rows) {
      if (byVm.put(r.getVm(), r.getCountsList()) != null) {
        throw new IllegalArgumentException("vm " + r.getVm() + " counted twice");
      }
    }
    return byVm;
  }
}
