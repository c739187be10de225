package org.vmqsc.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.baseline.bcs.BcsControl;
import org.vmqsc.core.baseline.coordinated.CoordinatedMessage;
import org.vmqsc.core.baseline.coordinated.LineCall;
import org.vmqsc.core.baseline.pessimistic.LoggingControl;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.protocol.HypervisorPort.Rollback;
import org.vmqsc.core.protocol.PhaseCall;
import org.vmqsc.core.role.Announcement;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.Done;
import org.vmqsc.core.role.Report;
import org.vmqsc.runtime.proto.ControlMessage;

/**
 * Every control record the runtime carries goes over the wire and comes back equal, field by
 * field: a record that lost or mixed up a field would be read differently by the other role.
 */
class ControlWireTest {
  static Control roundTrip(Control c) throws Exception {
    // Through bytes, as the other process reads it.
    return ControlWire.fromProto(ControlMessage.parseFrom(ControlWire.toProto(c).toByteArray()));
  }

  @Test
  void aReportKeepsItsVmsIndexesUsableLinesIncarnationsAndAcksInOrder() throws Exception {
    Report r = new Report(1, new int[] {4, 5}, new int[] {7, 8}, new int[] {6, 5},
        new int[] {0, 3}, List.of(new Ack(0, 4, 2, 1), new Ack(9, 5, 0, 33)), 11);
    Report back = (Report) roundTrip(r);
    assertThat(back.host()).isEqualTo(1);
    assertThat(back.vms()).containsExactly(4, 5);
    assertThat(back.index()).containsExactly(7, 8);
    assertThat(back.usable()).containsExactly(6, 5);
    assertThat(back.incarnation()).containsExactly(0, 3);
    assertThat(back.acks()).containsExactly(new Ack(0, 4, 2, 1), new Ack(9, 5, 0, 33));
    assertThat(back.resentAt()).as("incarnations known at the last re-send (D2)").isEqualTo(11);
  }

  @Test
  void aReportWithRaggedArraysIsRefused() {
    var p = ControlWire.toProto(new Report(1, new int[] {4}, new int[] {7}, new int[] {6},
        new int[] {0}, List.of())).toBuilder().addVms(5).build();
    assertThatThrownBy(() -> ControlWire.fromProto(p))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAnnouncementKeepsItsLineAndAcks() throws Exception {
    Announcement a = new Announcement(12, List.of(new Ack(3, 1, 1, 7), new Ack(2, 0, 0, 8)));
    assertThat(roundTrip(a)).isEqualTo(a);
    assertThat(roundTrip(new Announcement(-1, List.of()))).isEqualTo(
        new Announcement(-1, List.of()));
  }

  @Test
  void doneIsDone() throws Exception {
    assertThat(roundTrip(Done.DONE)).isEqualTo(Done.DONE);
  }

  @Test
  void everyVmqscRecoveryPhaseRoundTrips() throws Exception {
    List<Rollback> rs = List.of(new Rollback(4, 2, 30, 1), new Rollback(0, 9, 28, 3));
    List<Control> phases = List.of(
        new PhaseCall.DependenciesSince(30),
        new PhaseCall.Dependencies(Map.of(4, Set.of(0, 9), 5, Set.of())),
        new PhaseCall.NoteRollbacks(rs),
        new PhaseCall.RollBack(rs.subList(1, 2)),
        new PhaseCall.Resume(List.of(3, 1, 2)),
        new PhaseCall.HandOver(List.of(new Ack(1, 2, 3, 4))),
        new PhaseCall.RetransmitTo(Set.of(7, 2)));
    for (Control c : phases) {
      assertThat(roundTrip(c)).as(c.toString()).isEqualTo(c);
    }
  }

  @Test
  void everyCoordinatedRecordRoundTrips() throws Exception {
    Map<Integer, List<Integer>> counts = Map.of(2, List.of(0, 4, 0, 1), 3, List.of(7, 0, 0, 0));
    List<Control> records = List.of(
        new CoordinatedMessage.Request(12),
        new CoordinatedMessage.Ack(12, counts, Map.of(2, List.of(1, 1, 1, 1))),
        new CoordinatedMessage.Expect(12, counts),
        new CoordinatedMessage.Drained(12),
        new CoordinatedMessage.Commit(12),
        new CoordinatedMessage.Abort(13),
        new CoordinatedMessage.VmFailed(3, 2),
        new CoordinatedMessage.RestartDue(3, 2),
        new LineCall.RestoreLine(List.of(0, 8, 12), 14),
        LineCall.Redeliver.REDELIVER);
    for (Control c : records) {
      assertThat(roundTrip(c)).as(c.toString()).isEqualTo(c);
    }
  }

  @Test
  void everyPessimisticLoggingRecordRoundTrips() throws Exception {
    List<Control> records = List.of(
        new LoggingControl.Logged(1, List.of(new Ack(2, 0, 0, 17), new Ack(3, 0, 0, 4))),
        new LoggingControl.LineStatus(Map.of(0, 5, 1, 6), Map.of(0, 3)),
        new LoggingControl.Rebuild(),
        new LoggingControl.Rebuilt(Map.of(2, 4, 3, 0)),
        new LoggingControl.Resend(List.of(3, 2)),
        new LoggingControl.RetransmitTo(Set.of(1, 0)));
    for (Control c : records) {
      assertThat(roundTrip(c)).as(c.toString()).isEqualTo(c);
    }
  }

  @Test
  void everyBcsRecordRoundTrips() throws Exception {
    List<BcsControl.Rollback> rs = List.of(new BcsControl.Rollback(1, 2, 9, 40),
        new BcsControl.Rollback(0, 1, 9, 38));
    BcsControl.Status s = new BcsControl.Status(1, new int[] {2, 3}, new int[] {1, 0},
        new int[] {44, 41}, new int[] {9, 8}, List.of(new Ack(0, 2, 1, 5)));
    BcsControl.Status back = (BcsControl.Status) roundTrip(s);
    assertThat(back.host()).isEqualTo(1);
    assertThat(back.vms()).containsExactly(2, 3);
    assertThat(back.incarnation()).containsExactly(1, 0);
    assertThat(back.sn()).containsExactly(44, 41);
    assertThat(back.usable()).containsExactly(9, 8);
    assertThat(back.acks()).containsExactly(new Ack(0, 2, 1, 5));
    List<Control> records = List.of(
        new BcsControl.RestartDue(3, 1),
        new BcsControl.Restore(9, rs, Map.of(2, 3, 3, 1)),
        new BcsControl.Restored(Map.of(2, 40, 3, 41)),
        new BcsControl.NoteRollbacks(rs),
        new BcsControl.Redeliver(9, List.of(3, 2)));
    for (Control c : records) {
      assertThat(roundTrip(c)).as(c.toString()).isEqualTo(c);
    }
  }

  @Test
  void aVmCountedTwiceIsRefused() {
    ControlMessage m = ControlWire.toProto(new CoordinatedMessage.Expect(1,
        Map.of(2, List.of(1))));
    ControlMessage twice = m.toBuilder().setRoundExpect(m.getRoundExpect().toBuilder()
        .addCounts(m.getRoundExpect().getCounts(0))).build();
    assertThatThrownBy(() -> ControlWire.fromProto(twice))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counted twice");
  }

  @Test
  void phasesWithNothingInThemRoundTrip() throws Exception {
    for (Control c : List.<Control>of(new PhaseCall.NoteRollbacks(List.of()),
        new PhaseCall.Resume(List.of()), new PhaseCall.RetransmitTo(Set.of()),
        new PhaseCall.Dependencies(Map.of()), new PhaseCall.HandOver(List.of()))) {
      assertThat(roundTrip(c)).as(c.toString()).isEqualTo(c);
    }
  }

  @Test
  void anEmptyMessageAndAnUnknownRecordAreRefused() {
    assertThatThrownBy(() -> ControlWire.fromProto(ControlMessage.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ControlWire.toProto(new Control() {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no wire form");
  }
}
