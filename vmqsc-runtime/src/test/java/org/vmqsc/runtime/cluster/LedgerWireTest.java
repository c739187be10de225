package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vmqsc.core.guest.BankGuest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * A guest's ledger on the admin API: what the oracle reads for every VM of the cluster at once,
 * so both directions cost the channels the guest used, never a slot per VM.
 */
class LedgerWireTest {
  private static Ledger twoPeers(int vms) {
    BankGuest g = new BankGuest(7, 1000, new Ledger(vms));
    g.fire(new TimerFire(3, 11));
    g.receive(new Message(999, 7, 1, 0, 0, 5, 9)); // the same peers at every VM count
    return g.ledger();
  }

  @Test
  void aTwoPeerLedgerTravelsInTheSameBytesAtAnyVmCountAndComesBackWhole() {
    VmLedger at1k = LedgerWire.fill(VmLedger.newBuilder().setVm(7), twoPeers(1_000)).build();
    VmLedger at100k = LedgerWire.fill(VmLedger.newBuilder().setVm(7), twoPeers(100_000)).build();
    assertThat(at100k.getChannelsCount()).isEqualTo(2);
    assertThat(at100k.getSerializedSize()).isEqualTo(at1k.getSerializedSize()).isLessThan(80);
    Ledger back = LedgerWire.ledger(at100k, 100_000);
    assertThat(back).isEqualTo(twoPeers(100_000));
    assertThat(back.touched()).containsExactly(3, 999);
    assertThat(back.netAmountSent()).isEqualTo(twoPeers(100_000).netAmountSent());
  }

  @Test
  void readingTheAnswerOfAMillionVmClusterAllocatesForItsChannelsOnly() {
    VmLedger v = LedgerWire.fill(VmLedger.newBuilder().setVm(7), twoPeers(1_000_000)).build();
    for (int i = 0; i < 50; i++) {
      LedgerWire.ledger(v, 1_000_000); // classes loaded, paths compiled
    }
    long before = allocatedBytes();
    Ledger l = LedgerWire.ledger(v, 1_000_000);
    long allocated = allocatedBytes() - before;
    // six arrays of a slot per VM were 40 MB here; two records are a few hundred bytes
    assertThat(allocated).isLessThan(64 * 1024);
    assertThat(l.touched()).hasSize(2);
  }

  @Test
  void anAnswerNamingAPeerOutsideTheClusterIsRefused() {
    VmLedger v = LedgerWire.fill(VmLedger.newBuilder().setVm(7), twoPeers(1_000)).build();
    assertThatThrownBy(() -> LedgerWire.ledger(v, 500))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peer 999 of 500");
  }

  private static long allocatedBytes() {
    var bean = (com.sun.management.ThreadMXBean)
        java.lang.management.ManagementFactory.getThreadMXBean();
    return bean.getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
