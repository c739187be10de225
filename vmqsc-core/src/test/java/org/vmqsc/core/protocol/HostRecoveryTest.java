package org.vmqsc.core.protocol;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.config.Rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** R9 for a host failure: the smallest set of related VMs returns to the durable line. */
class HostRecoveryTest {
  // vm0, vm1 on host 0; vm2 on host 1; vm3 on host 2 (which never hears from host 0)
  private final TestBed bed = new TestBed(new int[] {1, 2, 1, 1}, new int[] {0, 0, 1, 2}, 3);

  private void periods(int from, int to) {
    for (int x = from; x <= to; x++) {
      bed.storage.completeAll();
      bed.tick(x);
    }
    bed.storage.completeAll();
  }

  @Test
  void onlyVmsThatDependOnTheFailedHostSinceTheLineRollBack() {
    periods(1, 3);
    int line = bed.manager.durableLine();
    assertThat(line).isGreaterThanOrEqualTo(1);
    bed.send(0, 2); // after the line: vm2 now depends on host 0
    bed.send(3, 2); // vm3 talks to vm2, not the other way: vm3 is unrelated
    bed.deliverAll();
    long vm3Before = bed.vm(3).guest().digest();

    Set<Integer> failed = Set.of(0);
    Hypervisor fresh = new Hypervisor(0, bed.topo, Rules.ALL, (d, m) -> bed.wire.add(
        new Object[] {d, m}), bed.storage, r -> bed.manager.onReport((org.vmqsc.core.role.Report) r), org.vmqsc.core.spi.ProtocolListener.NONE);
    fresh.resumeAt(3);
    bed.hvs[0] = fresh;
    HostRecovery.Plan plan = new HostRecovery(bed.manager).recover(failed, h -> bed.hvs[h]);

    assertThat(plan.line()).isEqualTo(line);
    assertThat(plan.rollback()).containsExactly(0, 1, 2);
    assertThat(bed.vm(3).incarnation()).isZero();
    assertThat(bed.vm(3).guest().digest()).isEqualTo(vm3Before);
    assertThat(bed.vm(2).incarnation()).isEqualTo(1);
    // vm2 got vm3's message again (re-delivered from its volatile log), not vm0's orphan
    assertThat(bed.vm(2).guest().ledger().recvCount(3)).isEqualTo(1);
    assertThat(bed.vm(2).guest().ledger().recvCount(0)).isZero();
  }

  /**
   * A recovery that fails after phase 3 and is run again rolls the same VM back twice before
   * phase 4: the messages the first roll-back set aside for re-delivery (its log was cut at the
   * line) must still be delivered, once; and phase 4 repeated finds nothing more to deliver.
   */
  @Test
  void aSecondRollBackBeforeResumeKeepsWhatTheFirstSetAside() {
    periods(1, 3);
    int line = bed.manager.durableLine();
    bed.send(3, 2); // after the line, from a VM that is not rolled back
    bed.deliverAll();
    assertThat(bed.vm(2).guest().ledger().recvCount(3)).isEqualTo(1);

    bed.hvs[1].rollBack(java.util.List.of(new HypervisorPort.Rollback(2, 1, line, 1)));
    bed.hvs[1].rollBack(java.util.List.of(new HypervisorPort.Rollback(2, 2, line, 1)));
    bed.hvs[1].resume(java.util.List.of(2));

    assertThat(bed.vm(2).incarnation()).isEqualTo(2);
    assertThat(bed.vm(2).guest().ledger().recvCount(3)).as("re-delivered once").isEqualTo(1);
    bed.hvs[1].resume(java.util.List.of(2)); // phase 4 again: nothing left to re-deliver
    assertThat(bed.vm(2).guest().ledger().recvCount(3)).isEqualTo(1);
  }

  @Test
  void theClosureFollowsDependenciesTransitively() {
    periods(1, 3);
    bed.send(0, 2);
    bed.deliverAll();
    bed.send(2, 3); // vm3 now depends on vm2, which depends on vm0
    bed.deliverAll();
    int line = bed.manager.durableLine();
    java.util.Map<Integer, Set<Integer>> deps = new java.util.TreeMap<>();
    for (int h = 1; h < 3; h++) {
      deps.putAll(bed.hvs[h].dependenciesSince(line));
    }
    Set<Integer> hostZero = new java.util.TreeSet<>();
    for (int v : bed.topo.vmsOn(0)) {
      hostZero.add(v);
    }
    Set<Integer> r = HostRecovery.closure(hostZero, deps);
    assertThat(r).containsExactly(0, 1, 2, 3);
  }

  /**
   * A recovery whose phase 3 fails on one host (unreachable) is carried out again from the plan
   * it chose: the same line, rollback set and incarnations, without asking the survivors for
   * their dependencies again (the first attempt may have cut their logs at the line). It used to
   * be planned afresh, with new incarnations.
   */
  @Test
  void aRecoveryThatFailedHalfWayIsReplayedFromTheSamePlan() {
    periods(1, 3);
    int line = bed.manager.durableLine();
    bed.send(0, 2); // vm2 (host 1) depends on host 0 since the line
    bed.deliverAll();
    Hypervisor fresh = new Hypervisor(0, bed.topo, Rules.ALL, (d, m) -> bed.wire.add(
        new Object[] {d, m}), bed.storage, r -> bed.manager.onReport(
        (org.vmqsc.core.role.Report) r), org.vmqsc.core.spi.ProtocolListener.NONE);
    fresh.resumeAt(3);
    bed.hvs[0] = fresh;
    HostRecovery recovery = new HostRecovery(bed.manager);
    java.util.List<RecoveryPlan> planned = new java.util.ArrayList<>();
    recovery.onPlanned(planned::add);
    int[] asked = new int[1];
    boolean[] fail = {true};
    java.util.function.IntFunction<HypervisorPort> ports = h -> new ForwardingPort(bed.hvs[h]) {
      @Override
      public java.util.Map<Integer, Set<Integer>> dependenciesSince(int y) {
        asked[0]++;
        return super.dependenciesSince(y);
      }

      @Override
      public void rollBack(java.util.List<HypervisorPort.Rollback> vms) {
        super.rollBack(vms);
        if (h == 1 && fail[0]) {
          fail[0] = false;
          throw new org.vmqsc.core.role.HostUnreachableException(1, null);
        }
      }
    };

    assertThatThrownBy(() -> recovery.recover(Set.of(0), ports))
        .isInstanceOf(org.vmqsc.core.role.HostUnreachableException.class);
    assertThat(planned).hasSize(1);
    RecoveryPlan first = planned.get(0);
    assertThat(recovery.pending()).isEqualTo(first);
    assertThat(first.rollbackVms()).containsExactly(0, 1, 2);
    int askedBefore = asked[0];

    HostRecovery.Plan done = recovery.recover(Set.of(0), ports);
    assertThat(asked[0]).as("phase 1 not asked again").isEqualTo(askedBefore);
    assertThat(planned).as("no second plan").hasSize(1);
    assertThat(done.line()).isEqualTo(line);
    assertThat(done.rollback()).containsExactly(0, 1, 2);
    for (HypervisorPort.Rollback r : first.rollbacks()) {
      assertThat(bed.manager.state().incarnation()[r.vm()]).as("vm %d", r.vm())
          .isEqualTo(r.incarnation()).isEqualTo(1);
      assertThat(bed.vm(r.vm()).incarnation()).as("vm %d runs", r.vm()).isEqualTo(1);
    }
    assertThat(recovery.pending()).isNull();
    assertThat(recovery.history()).hasSize(3);
    assertThat(bed.vm(2).guest().ledger().recvCount(0)).as("the orphan is gone").isZero();
  }

  /** Every phase passed on to a hypervisor; tests override the ones they watch. */
  private static class ForwardingPort implements HypervisorPort {
    private final HypervisorPort to;

    ForwardingPort(HypervisorPort to) {
      this.to = to;
    }

    @Override
    public java.util.Map<Integer, Set<Integer>> dependenciesSince(int line) {
      return to.dependenciesSince(line);
    }

    @Override
    public void noteRollbacks(java.util.List<Rollback> rollbacks) {
      to.noteRollbacks(rollbacks);
    }

    @Override
    public void rollBack(java.util.List<Rollback> vms) {
      to.rollBack(vms);
    }

    @Override
    public void resume(java.util.List<Integer> vms) {
      to.resume(vms);
    }

    @Override
    public void handOver(java.util.List<org.vmqsc.core.model.Ack> acks) {
      to.handOver(acks);
    }

    @Override
    public void retransmitTo(Set<Integer> restoredVms) {
      to.retransmitTo(restoredVms);
    }
  }
}
