package org.vmqsc.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** R9 for a VM failure: its hypervisor alone repairs it, exactly, touching no other VM. */
class VmFailureTest {
  private final TestBed bed = new TestBed(new int[] {1, 2, 1}, new int[] {0, 0, 1}, 2);

  @Test
  void aFailedVmReplaysToTheVeryStateItHadAndNothingElseMoves() {
    bed.send(0, 1);
    bed.send(2, 1);
    bed.deliverAll();
    bed.tick(1);
    bed.send(1, 0);
    bed.send(2, 1);
    bed.send(1, 2);
    bed.deliverAll();
    long before = bed.vm(1).guest().digest();
    long balance = bed.vm(1).guest().balance();
    long other = bed.vm(0).guest().digest();

    bed.hvOf(1).failVm(1);
    bed.send(0, 1); // arrives while vm1 is down: waits at the hypervisor
    bed.deliverAll();
    assertThat(bed.vm(1).up()).isFalse();
    bed.hvOf(1).restoreVm(1);

    assertThat(bed.vm(1).up()).isTrue();
    assertThat(bed.vm(0).guest().digest()).isNotEqualTo(other); // vm0 sent meanwhile, not rolled
    assertThat(bed.vm(1).incarnation()).isZero();
    assertThat(bed.duplicates).isEmpty();
    // the waiting message was delivered after the replay: replay alone gave the old state
    assertThat(bed.vm(1).guest().balance()).isGreaterThanOrEqualTo(balance);
    assertThat(before).isNotEqualTo(bed.vm(1).guest().digest());
  }

  @Test
  void replayRegeneratesSendsWithoutSendingThemAgain() {
    bed.send(1, 0);
    bed.send(1, 2);
    bed.deliverAll();
    bed.hvOf(1).failVm(1);
    bed.hvOf(1).restoreVm(1);
    bed.deliverAll();
    assertThat(bed.wire).isEmpty();
    bed.send(1, 0); // the next send continues the channel's numbering
    bed.deliverAll();
    assertThat(bed.duplicates).isEmpty();
  }
}
