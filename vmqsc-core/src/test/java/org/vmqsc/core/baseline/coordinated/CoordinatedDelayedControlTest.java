package org.vmqsc.core.baseline.coordinated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmqsc.core.role.RoleSystem.MANAGER;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.role.HostRole;
import org.vmqsc.core.role.RoleSystem;

/**
 * Coordinated checkpointing when control messages take time: every REQUEST, ACK, EXPECT, DRAINED,
 * COMMIT, ABORT and a host's word on a failed VM waits in a courier until the test lets it
 * through, one at a time, FIFO per pair of ends. Hosts therefore take a round at different
 * moments, and failures strike with a round's messages half way.
 */
class CoordinatedDelayedControlTest {
  private final Held courier = new Held();
  private final CoordinatedBed bed = new CoordinatedBed(courier);

  /** Control messages held until released; released in order per (from, to). */
  static final class Held implements RoleSystem.Courier {
    private record Carried(int from, int to, Runnable delivery) {}

    private final List<Carried> queue = new ArrayList<>();

    @Override
    public void carry(int from, int to, Runnable delivery) {
      queue.add(new Carried(from, to, delivery));
    }

    /** The oldest message from {@code from} to {@code to} arrives. */
    void release(int from, int to) {
      for (int i = 0; i < queue.size(); i++) {
        Carried c = queue.get(i);
        if (c.from == from && c.to == to) {
          queue.remove(i);
          c.delivery.run();
          return;
        }
      }
      throw new AssertionError("nothing in flight from " + from + " to " + to);
    }

    long pending(int from, int to) {
      return queue.stream().filter(c -> c.from == from && c.to == to).count();
    }

    /** Everything arrives, including what arriving makes the roles send. */
    void releaseAll() {
      while (!queue.isEmpty()) {
        queue.remove(0).delivery.run();
      }
    }
  }

  /** Line 1 committed on every host; nothing in flight. */
  private void commitLineOne() {
    bed.protocol.onManagerTick(1);
    courier.releaseAll();
    bed.storage.completeAll();
    courier.releaseAll();
    assertThat(bed.protocol.takenLine()).isEqualTo(1);
  }

  /**
   * After a rollback every VM has received from every VM exactly what that VM had sent: nothing
   * received that was not sent (no orphan), nothing sent that is lost (the channel state).
   */
  private void assertEveryChannelBalanced() {
    for (int s = 0; s < 4; s++) {
      for (int r = 0; r < 4; r++) {
        if (s != r) {
          assertThat(bed.ledger(r).recvCount(s)).as("vm %d received from vm %d", r, s)
              .isEqualTo(bed.ledger(s).sentCount(r));
        }
      }
    }
  }

  @Test
  void aRoundCommitsWhenHostsTakeItAtDifferentMoments() {
    bed.send(0, 2); // before the line, delivered before vm 2's checkpoint: in it
    bed.protocol.onManagerTick(1);
    assertThat(courier.pending(MANAGER, 0)).isEqualTo(1);
    courier.release(MANAGER, 0); // host 0 checkpoints; host 1's REQUEST still travels
    assertThat(bed.openRound(0)).isEqualTo(1);
    assertThat(bed.openRound(1)).isEqualTo(-1);

    bed.send(2, 0); // host 1 is not blocked yet: sent before its line, received after host 0's
    bed.send(1, 3); // host 0 is blocked: held until commit
    assertThat(bed.queuedSends()).isEqualTo(1);
    bed.deliverAll();
    assertThat(bed.logged).as("2 -> 0 crossed line 1: channel state").singleElement()
        .satisfies(l -> assertThat(l.vm()).isZero());

    courier.release(MANAGER, 1);
    bed.storage.completeAll();
    assertThat(courier.pending(0, MANAGER) + courier.pending(1, MANAGER)).as("two ACKs")
        .isEqualTo(2);
    assertThat(bed.protocol.takenLine()).isZero();
    courier.release(0, MANAGER);
    courier.release(1, MANAGER);
    assertThat(bed.protocol.takenLine()).isEqualTo(1);

    courier.release(MANAGER, 0); // host 0 commits and releases 1 -> 3 ...
    bed.deliverAll(); // ... which reaches host 1 while its round 1 is still open
    assertThat(bed.logged).as("sent after line 1: not its channel state").hasSize(1);
    courier.release(MANAGER, 1);
    assertThat(bed.openRound(1)).isEqualTo(-1);

    bed.protocol.failHost(1);
    bed.protocol.recoverHosts(Set.of(1), new int[] {2, 2});
    assertThat(bed.restoredTo.values()).containsOnly(1);
    assertEveryChannelBalanced();
    assertThat(bed.ledger(0).recvCount(2)).as("re-delivered from the channel log").isEqualTo(1);
  }

  @Test
  void aVmFailureWithTheRoundInFlightAbortsItAndItsLateAckIsIgnored() {
    commitLineOne();
    bed.protocol.onManagerTick(2);
    courier.release(MANAGER, 0); // host 0 takes round 2 ...
    bed.send(0, 2); // ... so this waits
    bed.storage.complete(0); // and its ACK(2) is on its way
    bed.protocol.failVm(3); // host 1's VM_FAILED is on its way too

    courier.release(1, MANAGER);
    assertThat(bed.openRound()).as("aborted at the manager").isEqualTo(-1);
    courier.release(0, MANAGER);
    assertThat(bed.count("commit")).as("the late ACK commits nothing").isEqualTo(2);
    assertThat(bed.protocol.takenLine()).isEqualTo(1);

    courier.release(MANAGER, 1);
    assertThat(bed.openRound(1)).as("a REQUEST that finds a VM down is not taken").isEqualTo(-1);
    courier.releaseAll(); // the ABORTs
    assertThat(bed.openRound(0)).isEqualTo(-1);
    assertThat(bed.queuedSends()).isZero();
    assertThat(bed.wire).as("released at the abort").hasSize(1);

    bed.protocol.restoreVm(3);
    assertThat(bed.rollbacks).as("only once RESTART_DUE reaches the manager").isEmpty();
    courier.releaseAll();
    assertThat(bed.rollbacks).containsExactly(Set.of(0, 1, 2, 3));
    bed.deliverAll();
    assertThat(bed.orphans).as("sent in round 2, undone").hasSize(1);
    assertEveryChannelBalanced();

    bed.protocol.onManagerTick(3);
    courier.releaseAll();
    bed.storage.completeAll();
    courier.releaseAll();
    assertThat(bed.protocol.takenLine()).isEqualTo(3);
  }

  @Test
  void aRequestStillInFlightWhenTheRollbackCameIsNotTaken() {
    commitLineOne();
    bed.protocol.onManagerTick(2); // both REQUESTs travel
    bed.protocol.failVm(1);
    courier.release(0, MANAGER); // VM_FAILED: round 2 aborted, ABORTs behind the REQUESTs
    bed.protocol.restoreVm(1);
    courier.release(0, MANAGER); // RESTART_DUE: everyone back to line 1, by calls
    assertThat(bed.rollbacks).hasSize(1);

    courier.release(MANAGER, 0);
    courier.release(MANAGER, 1);
    assertThat(bed.openRound(0)).as("round 2 was over before its REQUEST came").isEqualTo(-1);
    assertThat(bed.openRound(1)).isEqualTo(-1);
    bed.send(0, 2);
    assertThat(bed.wire).as("not blocked").hasSize(1);
    courier.releaseAll();
    bed.deliverAll();
    assertEveryChannelBalanced();
  }

  @Test
  void aHostFailureWithTheCommitHalfDeliveredReturnsToTheCommittedLine() {
    commitLineOne();
    bed.protocol.onManagerTick(2);
    courier.releaseAll(); // both hosts take round 2
    bed.send(1, 3); // blocked by round 2
    bed.storage.completeAll();
    courier.release(0, MANAGER);
    courier.release(1, MANAGER);
    assertThat(bed.protocol.takenLine()).as("every ACK in: line 2 committed").isEqualTo(2);
    courier.release(MANAGER, 0); // host 0 commits and sends 1 -> 3; host 1's COMMIT travels
    assertThat(bed.wire).hasSize(1);

    bed.protocol.failHost(1);
    courier.releaseAll(); // the COMMIT to the failed host is lost with it
    bed.protocol.recoverHosts(Set.of(1), new int[] {2, 2});
    assertThat(bed.restoredTo.values()).as("line 2's checkpoints were durable before its commit")
        .containsOnly(2);
    bed.deliverAll();
    assertThat(bed.orphans).extracting(m -> m.from).as("sent after line 2: undone")
        .containsExactly(1);
    assertEveryChannelBalanced();
  }

  @Test
  void aCommitOrAckNamingAnotherRoundChangesNothing() {
    commitLineOne();
    bed.protocol.onManagerTick(2);
    courier.releaseAll();
    bed.send(0, 2); // blocked by round 2
    CoordinatedHypervisor host0 = (CoordinatedHypervisor) bed.protocol.host(0);

    host0.onControl(new CoordinatedMessage.Commit(1));
    host0.onControl(new CoordinatedMessage.Abort(1));
    assertThat(bed.openRound(0)).isEqualTo(2);
    assertThat(bed.queuedSends()).isEqualTo(1);

    CoordinatedMessage.Ack stale = new CoordinatedMessage.Ack(1, Map.of(), Map.of());
    bed.protocol.manager().onControl(0, stale);
    assertThat(bed.openRound()).isEqualTo(2);
    assertThat(bed.protocol.takenLine()).isEqualTo(1);
    assertThat(bed.wire).as("still blocked").isEmpty();

    bed.storage.completeAll();
    courier.releaseAll();
    assertThat(bed.protocol.takenLine()).as("round 2 counts host 0's own ACK").isEqualTo(2);
  }

  /**
   * On real processes the hosts finish a phase at different moments. A host done with both may
   * send to one between them; that host holds the message until its own channel state is back,
   * and holds its own VMs' sends too.
   */
  @Test
  void betweenTheTwoPhasesAHostHoldsWhatArrivesAndWhatItsVmsSend() {
    bed.send(0, 2); // crosses line 1: vm 2's channel state
    bed.protocol.onManagerTick(1);
    courier.releaseAll();
    bed.deliverAll();
    bed.storage.completeAll();
    courier.releaseAll();
    assertThat(bed.protocol.takenLine()).isEqualTo(1);
    HostRole host0 = bed.protocol.host(0);
    HostRole host1 = bed.protocol.host(1);
    LineCall restore = new LineCall.RestoreLine(List.of(0, 1), 1);

    host0.onCall(restore);
    host1.onCall(restore);
    bed.send(2, 0);
    assertThat(bed.wire).as("host 1 holds vm 2's send").isEmpty();
    host0.onCall(LineCall.Redeliver.REDELIVER);
    bed.send(0, 2); // #2, while host 1 still has #1 to re-deliver
    bed.deliverAll();
    assertThat(bed.protocol.guest(2).ledger().recvCount(0)).as("held, not a gap").isZero();

    host1.onCall(LineCall.Redeliver.REDELIVER);
    assertThat(bed.ledger(2).recvCount(0)).as("#1 re-delivered, then #2").isEqualTo(2);
    assertThat(bed.wire).as("vm 2's send released").hasSize(1);
  }
}
