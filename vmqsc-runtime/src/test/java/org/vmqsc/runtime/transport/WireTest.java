package org.vmqsc.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.protocol.HypervisorPort.Rollback;
import org.vmqsc.core.role.Report;

class WireTest {
  @Test
  void aMessageKeepsEveryField() {
    Message m = new Message(3, 9, 17, 40, 2, Long.MIN_VALUE, -5);
    Message back = Wire.fromProto(Wire.toProto(m));
    assertThat(back).usingRecursiveComparison().isEqualTo(m);
  }

  @Test
  void anAcknowledgementNamesTheMessageWithItsChannelAndIncarnation() {
    Message m = new Message(3, 9, 17, 40, 2, 99, 1);
    var id = Wire.idOf(Ack.of(m));
    assertThat(List.of(id.getFrom(), id.getTo(), id.getSeq(), id.getSenderIncarnation()))
        .containsExactly(3, 9, 17, 2);
    Ack back = Wire.ackOf(id);
    assertThat(back).isEqualTo(Ack.of(m));
    assertThat(back.names(m)).isTrue();
  }

  @Test
  void aHostReportRoundTrips() {
    Report r = new Report(1, new int[] {4, 5}, new int[] {7, 8}, new int[] {6, 6},
        List.of(new Ack(0, 4, 2, 1)));
    Report back = Wire.fromProto(Wire.toProto(r));
    assertThat(back.host()).isEqualTo(1);
    assertThat(back.vms()).containsExactly(4, 5);
    assertThat(back.index()).containsExactly(7, 8);
    assertThat(back.usable()).containsExactly(6, 6);
    assertThat(back.acks()).containsExactly(new Ack(0, 4, 2, 1));
  }

  @Test
  void aReportWithRaggedArraysIsRefused() {
    var p = Wire.toProto(new Report(1, new int[] {4}, new int[] {7}, new int[] {6}, List.of()))
        .toBuilder().addVms(5).build();
    assertThatThrownBy(() -> Wire.fromProto(p)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recoveryPhaseArgumentsRoundTrip() {
    Rollback r = new Rollback(4, 2, 30, 1);
    assertThat(Wire.fromProto(Wire.toProto(r))).isEqualTo(r);
    Map<Integer, Set<Integer>> deps = Map.of(4, Set.of(0, 9), 5, Set.of());
    assertThat(Wire.fromProto(Wire.toProto(deps))).isEqualTo(deps);
  }
}
