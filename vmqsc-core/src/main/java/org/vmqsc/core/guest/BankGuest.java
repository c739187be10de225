package org.vmqsc.core.guest;

import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;

/**
 * A bank account (P6): on each timer it transfers part of its balance to the timer's peer; on
 * receipt it credits the amount. The total of all balances plus money in flight never changes.
 */
public final class BankGuest extends Guest {
  private long balance;

  public BankGuest(int self, long initialBalance, Ledger ledger) {
    super(self, Digests.mix(0xBA4C, self), ledger);
    this.balance = initialBalance;
  }

  private BankGuest(BankGuest o) {
    super(o.self, o.digest, o.copyLedger());
    this.balance = o.balance;
  }

  private BankGuest(int self, long digest, long balance, Ledger ledger) {
    super(self, digest, ledger);
    this.balance = balance;
  }

  /** A guest with exactly this state, as read back from a checkpoint on stable storage. */
  public static BankGuest restore(int self, long digest, long balance, Ledger ledger) {
    return new BankGuest(self, digest, balance, ledger);
  }

  @Override
  protected void applyReceive(Message m) {
    balance += m.amount;
  }

  @Override
  protected Send applyTimer(TimerFire t) {
    long amount = balance <= 0 ? 0 : Math.floorMod(t.draw(), balance / 8 + 1);
    balance -= amount;
    digest = Digests.mix(digest, balance);
    return new Send(t.peer(), digest, amount);
  }

  @Override
  public long balance() {
    return balance;
  }

  @Override
  public Guest copy() {
    return new BankGuest(this);
  }
}
