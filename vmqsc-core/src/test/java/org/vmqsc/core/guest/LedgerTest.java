package org.vmqsc.core.guest;

import static org.assertj.core.api.Assertions.assertThat;

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
  }

  @Test
  void theDenseWireFormRoundTripsToTheSameLedger() {
    Guest g = new BankGuest(1, 100, new Ledger(5));
    g.fire(new TimerFire(3, 11));
    g.receive(new Message(4, 1, 1, 0, 0, 9, 2));
    Ledger l = g.ledger();
    int n = l.peers();
    int[] sc = new int[n];
    long[] sh = new long[n];
    long[] sa = new long[n];
    int[] rc = new int[n];
    long[] rh = new long[n];
    long[] ra = new long[n];
    for (int p = 0; p < n; p++) {
      sc[p] = l.sentCount(p);
      sh[p] = l.sentChain(p);
      sa[p] = l.sentAmount(p);
      rc[p] = l.recvCount(p);
      rh[p] = l.recvChain(p);
      ra[p] = l.recvAmount(p);
    }
    Ledger back = Ledger.restore(sc, sh, sa, rc, rh, ra);
    assertThat(back).isEqualTo(l);
    assertThat(back.touched()).containsExactly(3, 4);
    assertThat(back.netAmountSent()).isEqualTo(l.sentAmount(3) - 2);
  }
}
