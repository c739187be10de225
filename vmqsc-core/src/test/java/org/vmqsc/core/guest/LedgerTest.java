package org.vmqsc.core.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;

/** A guest's ledger keeps records for the peers it talked to, and only for those. */
class LedgerTest {
  private static final int VMS = 100_000;

  @Test
  void aGuestOfAHundredThousandVmsThatTalkedToTwoPeersKeepsTwoRecords() {
    Guest g = new TrafficGuest(7, new Ledger(VMS));
    var s = g.fire(new TimerFire(99_999, 1));
    g.receive(new Message(42, 7, 1, 0, 0, 5, 0));
    g.receive(new Message(42, 7, 2, 0, 0, 6, 0));
    Ledger l = g.ledger();
    assertThat(l.touched()).containsExactly(42, 99_999);
    assertThat(l.peers()).isEqualTo(VMS);
    assertThat(l.sentCount(99_999)).isEqualTo(1);
    assertThat(l.recvCount(42)).isEqualTo(2);
    assertThat(l.sentCount(3)).isZero();
    assertThat(l.messages()).isEqualTo(3);
    assertThat(s.to()).isEqualTo(99_999);
    // A checkpoint's copy holds the same two records, and moves on its own.
    Ledger c = l.copy();
    assertThat(c).isEqualTo(l).hasSameHashCodeAs(l);
    g.receive(new Message(42, 7, 3, 0, 0, 7, 0));
    assertThat(c.recvCount(42)).isEqualTo(2);
    assertThat(c).isNotEqualTo(l);
    assertThat(c.touched()).hasSize(2);
    assertThat(c.receivedTotal()).as("the copy's totals are its own").isEqualTo(2);
    assertThat(l.receivedTotal()).isEqualTo(3);
    assertThat(l.sentTotal()).isEqualTo(1);
  }

  @Test
  void aLedgerHandedOutPeerByPeerIsBuiltBackTheSame() {
    Guest g = new BankGuest(1, 100, new Ledger(VMS));
    g.fire(new TimerFire(3, 11));
    g.receive(new Message(99_998, 1, 1, 0, 0, 9, 2));
    Ledger l = g.ledger();
    Ledger.Builder b = Ledger.builder(VMS);
    int[] handed = {0};
    l.forEachPeer((p, sc, sh, sa, rc, rh, ra) -> {
      handed[0]++;
      b.peer(p, sc, sh, sa, rc, rh, ra);
    });
    Ledger back = b.build();
    assertThat(handed[0]).isEqualTo(2); // one record per peer talked to, not one per VM
    assertThat(back).isEqualTo(l).hasSameHashCodeAs(l);
    assertThat(back.touched()).containsExactly(3, 99_998);
    assertThat(back.peers()).isEqualTo(VMS);
    assertThat(back.netAmountSent()).isEqualTo(l.sentAmount(3) - 2);
    assertThat(back.recvAmount(99_998)).isEqualTo(2);
    assertThat(back.sentTotal()).isEqualTo(l.sentTotal()).isEqualTo(1);
    assertThat(back.receivedTotal()).isEqualTo(l.receivedTotal()).isEqualTo(1);
  }

  @Test
  void aBuilderKeepsNoRecordOfZerosAndRefusesWhatNoLedgerHolds() {
    Ledger l = Ledger.builder(10).peer(2, 0, 0, 0, 0, 0, 0).peer(5, 1, 7, 0, 0, 0, 0).build();
    assertThat(l.touched()).containsExactly(5); // a zero record reads as no record
    assertThat(l).isEqualTo(Ledger.builder(10).peer(5, 1, 7, 0, 0, 0, 0).build());
    assertThatThrownBy(() -> Ledger.builder(10).peer(10, 1, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peer 10");
    assertThatThrownBy(() -> Ledger.builder(10).peer(-1, 1, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ledger.builder(10).peer(4, 1, 0, 0, 0, 0, 0).peer(4, 2, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
  }
}
