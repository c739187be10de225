package org.vmqsc.sim.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.guest.TrafficGuest;
import org.vmqsc.core.model.Message;
import org.vmqsc.sim.Violation;

/**
 * The oracle judges P4 and P3 itself: which index is due from the VM's own k and the indexes it
 * crosses (not from the due index the protocol reports), and whether a VM failure rolled another
 * VM back from what that VM's guest holds (not from the protocol's account of its recovery).
 */
class OracleTest {
  /** VM 0 checkpoints every 2 indexes, VM 1 every index; both on host 0. */
  private final Topology topo = new Topology(new int[] {2, 1}, new int[] {0, 0},
      new long[] {1, 1}, 1, 64);
  private final Guest[] guests = {new TrafficGuest(0, new Ledger(2)),
      new TrafficGuest(1, new Ledger(2))};
  private Oracle oracle;

  @BeforeEach
  void boot() {
    oracle = new Oracle(7, topo, false, -1, () -> 0);
    oracle.watch(v -> guests[v]);
    oracle.crossed(0, -1, 0, guests[0]);
    oracle.crossed(1, -1, 0, guests[1]);
  }

  @Test
  void aCheckpointOffThePeriodIsCaughtEvenWhenTheProtocolCallsItDue() {
    oracle.checkpoint(0, 3, 4, false, 1); // the protocol claims index 4...
    oracle.crossed(0, 2, 3, guests[0]); // ...but VM 0 only crossed into index 3

    assertThat(oracle.violations()).extracting(Violation::property).containsExactly("P4");
    assertThat(oracle.violations().get(0).detail()).contains("from index 2 to 3", "k=2");
  }

  @Test
  void crossingAnIndexOnThePeriodWithoutACheckpointIsCaught() {
    oracle.crossed(0, 1, 2, guests[0]);

    assertThat(oracle.violations()).extracting(Violation::property).containsExactly("P4");
    assertThat(oracle.violations().get(0).detail()).contains("index 2 is on its period");
  }

  @Test
  void oneCheckpointPerCrossingOnThePeriodIsRight() {
    oracle.checkpoint(0, 2, 2, false, 1);
    oracle.crossed(0, 1, 2, guests[0]);
    oracle.crossed(0, 2, 3, guests[0]);
    oracle.checkpoint(1, 1, 1, false, 1);
    oracle.crossed(1, 0, 1, guests[1]);

    assertThat(oracle.violations()).isEmpty();
  }

  @Test
  void aVmFailureThatRollsAnotherVmBackIsCaught() {
    guests[1].receive(message(0, 1));
    Guest earlier = guests[1].copy();
    guests[1].receive(message(0, 2));
    oracle.vmFailed(0, guests[0]);
    guests[1] = earlier; // VM 1 went back to the state before its second receipt

    oracle.replayedAfterVmFailure(0, guests[0]);

    assertThat(oracle.violations()).extracting(Violation::property).containsExactly("P3");
    assertThat(oracle.violations().get(0).detail())
        .contains("vm 1 went back from 2 to 1 messages", "vm 0's failure");
  }

  @Test
  void otherVmsMovingOnDuringTheReplayIsFine() {
    oracle.vmFailed(0, guests[0]);
    guests[1].receive(message(0, 1));

    oracle.replayedAfterVmFailure(0, guests[0]);

    assertThat(oracle.violations()).isEmpty();
  }

  @Test
  void aHostRecoveryInBetweenMayRollVmsBack() {
    guests[1].receive(message(0, 1));
    Guest earlier = guests[1].copy();
    guests[1].receive(message(0, 2));
    oracle.vmFailed(0, guests[0]);
    guests[1] = earlier;
    oracle.afterRecovery(java.util.Set.of(1));

    oracle.replayedAfterVmFailure(0, guests[0]);

    assertThat(oracle.violations()).extracting(Violation::property).doesNotContain("P3");
  }

  private static Message message(int from, int seq) {
    return new Message(from, 1, seq, 0, 0, seq, 0);
  }
}
