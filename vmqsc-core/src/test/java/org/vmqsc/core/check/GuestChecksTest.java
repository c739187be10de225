package org.vmqsc.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.guest.BankGuest;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;

/**
 * The shared checks judge ledgers the guests filled themselves: two bank guests send to each
 * other, then the story breaks one channel the way a faulty runtime would.
 */
class GuestChecksTest {
  private static final long START = 1000;
  private final Guest[] g = {new BankGuest(0, START, new Ledger(2)),
      new BankGuest(1, START, new Ledger(2))};
  private int seq;

  /** vm {@code from} fires a timer toward {@code to}; returns the message its send makes. */
  private Message send(int from, int to, long draw) {
    var s = g[from].fire(new TimerFire(to, draw));
    return new Message(from, to, ++seq, 0, 0, s.payload(), s.amount());
  }

  private Ledger[] ledgers() {
    return new Ledger[] {g[0].ledger(), g[1].ledger()};
  }

  private long[] balances() {
    return new long[] {g[0].balance(), g[1].balance()};
  }

  @Test
  void everyMessageDeliveredOnceInOrderPasses() {
    Message a = send(0, 1, 7);
    Message b = send(0, 1, 9);
    g[1].receive(a);
    g[1].receive(b);
    assertThat(GuestChecks.quiet(ledgers(), balances(), 2 * START)).isEmpty();
    assertThat(GuestChecks.orphans(ledgers(), "")).isEmpty();
  }

  @Test
  void sameCountsButTheOtherOrderIsCaughtByTheChain() {
    Message a = send(0, 1, 7);
    Message b = send(0, 1, 9);
    g[1].receive(b);
    g[1].receive(a); // counts and money agree: only the hash chain tells
    List<Finding> f = GuestChecks.quiet(ledgers(), balances(), 2 * START);
    assertThat(f).extracting(Finding::property).containsExactly("P2");
    assertThat(f.get(0).detail()).contains("different messages received");
    assertThat(GuestChecks.orphans(ledgers(), "x")).extracting(Finding::property)
        .containsExactly("P1");
  }

  @Test
  void aWrongPayloadWithTheRightAmountIsCaught() {
    Message a = send(0, 1, 7);
    g[1].receive(new Message(a.from, a.to, a.seq, 0, 0, a.payload ^ 1, a.amount));
    assertThat(GuestChecks.quiet(ledgers(), balances(), 2 * START))
        .extracting(Finding::property).containsExactly("P2");
  }

  @Test
  void lostTwiceAndMoneyAreNamed() {
    Message a = send(0, 1, 7);
    send(0, 1, 9);
    g[1].receive(a);
    assertThat(GuestChecks.quiet(ledgers(), balances(), 2 * START)).extracting(Finding::detail)
        .anyMatch(d -> d.contains("1 lost")).anyMatch(d -> d.contains("still in flight"));
    g[1].receive(a);
    g[1].receive(a);
    assertThat(GuestChecks.orphans(ledgers(), "rolled back: []")).extracting(Finding::detail)
        .containsExactly("orphan: vm 1 holds 3 messages from vm 0 whose state sent 2 "
            + "(rolled back: [])");
    assertThat(GuestChecks.money(ledgers(), new long[] {0, 0}, 2 * START, true))
        .extracting(Finding::property).containsExactly("P6");
  }

  @Test
  void aDownVmIsNamedAndNothingElseJudged() {
    assertThat(GuestChecks.quiet(new Ledger[] {g[0].ledger(), null}, balances(), 2 * START))
        .extracting(Finding::detail).containsExactly("vm 1 is still down at the end of the run");
  }

  @Test
  void replayAndRestoreCompareDigests() {
    Guest before = g[0].copy();
    assertThat(GuestChecks.replayed(0, before.digest(), before.ledger(), g[0].digest(),
        g[0].ledger())).isEmpty();
    send(0, 1, 3); // one event more than at the failure
    assertThat(GuestChecks.replayed(0, before.digest(), before.ledger(), g[0].digest(), null))
        .extracting(Finding::property).containsExactly("P3");
    assertThat(GuestChecks.restored(0, 4, before.digest(), g[0].digest()))
        .extracting(Finding::property).containsExactly("P5");
    assertThat(GuestChecks.restored(0, 4, before.digest(), before.digest())).isEmpty();
    assertThat(GuestChecks.local(0, List.of())).isEmpty();
    assertThat(GuestChecks.local(0, List.of(1))).extracting(Finding::property)
        .containsExactly("P3");
  }
}
