package org.vmqsc.core.guest;

/**
 * How a driver makes a VM's guest program at boot: the simulator from its scenario's workload, the
 * runtime from its cluster config. Both drivers build guests only through this, so a workload
 * means the same program in both.
 */
@FunctionalInterface
public interface GuestFactory {
  /** A new guest for VM {@code vm}, keeping its ledger in {@code ledger} (null: none kept). */
  Guest create(int vm, Ledger ledger);

  /** Bank accounts that each start with {@code initialBalance} (P6). */
  static GuestFactory bank(long initialBalance) {
    return (vm, ledger) -> new BankGuest(vm, initialBalance, ledger);
  }

  /** The paper's traffic model (SPEC §6). */
  static GuestFactory traffic() {
    return TrafficGuest::new;
  }
}
