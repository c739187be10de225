package org.vmqsc.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmqsc.core.config.Topology;
import org.vmqsc.runtime.proto.LinkHello;
import org.vmqsc.runtime.proto.VmMessage;

/** Host 1 of three, VMs 0..2 on hosts 0, 1, 2. */
class RelayRulesTest {
  private final RelayRules rules = RelayRules.forHost(
      new Topology(new int[] {1, 1, 1}, new int[] {0, 1, 2}, new long[3], 3, 64), 1);

  private static VmMessage m(int from, int to) {
    return VmMessage.newBuilder().setFrom(from).setTo(to).setSeq(1).build();
  }

  @Test
  void aMessageFromTheStreamsHostToAVmHereIsAccepted() {
    assertThat(rules.problem(0, m(0, 1))).isNull();
    assertThat(rules.problem(2, m(2, 1))).isNull();
  }

  @Test
  void receiversNotHereOrOutOfRangeAreRefused() {
    assertThat(rules.problem(0, m(0, 2))).contains("vm 2");
    assertThat(rules.problem(0, m(0, 3))).contains("vm 3");
    assertThat(rules.problem(0, m(0, -1))).contains("vm -1");
  }

  @Test
  void aSenderNotOnTheStreamsHostIsRefused() {
    assertThat(rules.problem(0, m(2, 1))).contains("sending host 0");
    assertThat(rules.problem(0, m(7, 1))).contains("vm 7");
  }

  @Test
  void negativeCountersAreRefused() {
    assertThat(rules.problem(0, m(0, 1).toBuilder().setSeq(-1).build())).contains("negative");
    assertThat(rules.problem(0, m(0, 1).toBuilder().setSenderIndex(-1).build()))
        .contains("negative");
    assertThat(rules.problem(0, m(0, 1).toBuilder().setSenderIncarnation(-1).build()))
        .contains("negative");
  }

  @Test
  void aHelloMustNameThisHostAsReceiverAndAnotherAsSender() {
    assertThat(rules.problem(LinkHello.newBuilder().setSenderHost(0).setReceiverHost(1).build()))
        .isNull();
    assertThat(rules.problem(LinkHello.newBuilder().setSenderHost(0).setReceiverHost(2).build()))
        .isNotNull();
    assertThat(rules.problem(LinkHello.newBuilder().setSenderHost(1).setReceiverHost(1).build()))
        .isNotNull();
  }
}
