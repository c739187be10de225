package org.vmqsc.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.Scenario.Group;
import org.vmqsc.sim.scenario.Scenario.Network.DelayKind;
import org.vmqsc.sim.scenario.ScenarioLoader;

class SweepKeyTest {
  private static final Scenario PAPER = ScenarioLoader.load("paper-example");
  private static final Scenario MIX = ScenarioLoader.load("mix");
  private static final Scenario FIG2 = ScenarioLoader.load("paper-fig2");

  @Test
  void miShareMovesVmsBetweenTheSiGroupsAndTheFirstMiGroupKeepingTheTotal() {
    assertThat(counts(apply(PAPER, "miShare", "0.5"))).containsExactly(10, 10);
    assertThat(counts(apply(PAPER, "miShare", "0.25"))).containsExactly(15, 5);
    assertThat(counts(apply(PAPER, "miShare", "0.9"))).containsExactly(2, 18);
    // mix: si 20, mi2 10 (the first MI group) share 30 VMs; mi3 and mi5 stay
    assertThat(counts(apply(MIX, "miShare", "0.5"))).containsExactly(15, 15, 10, 10);
    Scenario moved = apply(MIX, "miShare", "0.1");
    assertThat(counts(moved)).containsExactly(27, 3, 10, 10);
    assertThat(moved.vmCount()).isEqualTo(MIX.vmCount());
    assertThat(moved.traffic()).isEqualTo(MIX.traffic());
    assertThat(moved.groups().get(1).k()).isEqualTo(2);
  }

  @Test
  void miShareSplitsBetweenSeveralSiGroupsByLargestRemainder() {
    // fig2: vm2 and vm3 (SI, one VM each) and vm1 (MI2, the first MI group): 3 VMs to share
    assertThatThrownBy(() -> apply(FIG2, "miShare", "1"))
        .hasMessageContaining("leaves group vm2 with no VM");
    assertThat(counts(apply(FIG2, "miShare", "0.34"))).containsExactly(1, 1, 1, 1);
    assertThat(SweepKey.largestRemainder(5, new int[] {1, 1})).containsExactly(3, 2);
    assertThat(SweepKey.largestRemainder(7, new int[] {3, 1, 1})).containsExactly(4, 2, 1);
  }

  @Test
  void delayBecomesAFixedNetworkDelay() {
    Scenario s = apply(FIG2, "delay", "20ms");

    assertThat(s.network().kind()).isEqualTo(DelayKind.FIXED);
    assertThat(s.network().aMillis()).isEqualTo(20.0);
    assertThat(s.network().messageBytes()).isEqualTo(FIG2.network().messageBytes());
    assertThat(apply(FIG2, "delay", "0.5s").network().aMillis()).isEqualTo(500.0);
    assertThat(SweepKey.DELAY.parse("1.5ms")).isEqualTo(1.5);
  }

  @Test
  void driftSetsTheBoundAndDropsExplicitDrifts() {
    Scenario s = apply(FIG2, "drift", "1e-3");

    assertThat(s.clock().maxDrift()).isEqualTo(1e-3);
    assertThat(s.clock().drifts()).isEmpty();
    assertThat(s.clock().offsetsMillis()).isEqualTo(FIG2.clock().offsetsMillis());
  }

  @Test
  void basePeriodRateAndMtbfs() {
    assertThat(apply(PAPER, "basePeriod", "2.5s").basePeriodMillis()).isEqualTo(2_500);
    assertThat(SweepKey.BASE_PERIOD.parse("2.5s")).isEqualTo(2.5); // the axis is in seconds
    assertThat(apply(PAPER, "rate", "0.5").traffic())
        .extracting(Scenario.Flow::ratePerSecond).containsExactly(2.0, 1.0, 1.0, 0.5);
    Scenario vm = apply(FIG2, "vmMtbf", "2000s");
    assertThat(vm.failures().vmMtbfMillis()).isEqualTo(2_000_000);
    assertThat(vm.failures().at()).isEqualTo(FIG2.failures().at());
    assertThat(apply(vm, "vmMtbf", "0s").failures().vmMtbfMillis()).isZero();
    assertThat(apply(FIG2, "hostMtbf", "1h").failures().hostMtbfMillis()).isEqualTo(3_600_000);
  }

  @Test
  void vmsScalesEveryGroup() {
    assertThat(counts(apply(MIX, "vms", "0.5"))).containsExactly(10, 5, 5, 5);
    assertThat(counts(apply(MIX, "vms", "2"))).containsExactly(40, 20, 20, 20);
    assertThatThrownBy(() -> apply(MIX, "vms", "0.01"))
        .hasMessageContaining("leaves group si with no VM");
    Scenario failing45 = MIX.withFailures(new Scenario.Failures(
        List.of(new Scenario.Failure(false, 45, 100_000)), 0, 0));
    assertThat(apply(failing45, "vms", "1").vmCount()).isEqualTo(50);
    assertThatThrownBy(() -> apply(failing45, "vms", "0.5"))
        .hasMessageContaining("leaves 25 VMs").hasMessageContaining("fails vm 45");
  }

  @Test
  void everythingElseStays() {
    Scenario s = apply(FIG2, "rate", "2");

    assertThat(s.groups()).isEqualTo(FIG2.groups());
    assertThat(s.network()).isEqualTo(FIG2.network());
    assertThat(s.clock()).isEqualTo(FIG2.clock());
    assertThat(s.failures()).isEqualTo(FIG2.failures());
    assertThat(s.storage()).isEqualTo(FIG2.storage());
    assertThat(s.workload()).isEqualTo(FIG2.workload());
    assertThat(s.durationMillis()).isEqualTo(FIG2.durationMillis());
  }

  @Test
  void varyParsesTheKeyAndEveryValue() {
    Sweep.Vary v = Sweep.Vary.parse("delay=0ms, 5ms,20ms");

    assertThat(v.key()).isEqualTo(SweepKey.DELAY);
    assertThat(v.values()).containsExactly("0ms", "5ms", "20ms");
    assertThat(v.xs()).containsExactly(0.0, 5.0, 20.0);
    assertThat(v.apply(FIG2)).extracting(s -> s.network().aMillis())
        .containsExactly(0.0, 5.0, 20.0);
  }

  @Test
  void badKeysAndValuesSayWhatIsWrong() {
    assertThatThrownBy(() -> Sweep.Vary.parse("latency=5ms"))
        .hasMessageContaining("unknown --vary key 'latency'")
        .hasMessageContaining("miShare, delay, drift, basePeriod, rate, vmMtbf, hostMtbf, vms");
    assertThatThrownBy(() -> Sweep.Vary.parse("delay=abc"))
        .hasMessageContaining("delay=abc").hasMessageContaining("not a duration");
    assertThatThrownBy(() -> Sweep.Vary.parse("delay=5")).hasMessageContaining("not a duration");
    assertThatThrownBy(() -> Sweep.Vary.parse("rate=fast")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> Sweep.Vary.parse("rate=-1")).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> Sweep.Vary.parse("miShare=1.5")).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> Sweep.Vary.parse("drift=0.5")).hasMessageContaining("[0, 0.01)");
    assertThatThrownBy(() -> Sweep.Vary.parse("basePeriod=0s")).hasMessageContaining("> 0");
    assertThatThrownBy(() -> Sweep.Vary.parse("vms=0")).hasMessageContaining("> 0");
    assertThatThrownBy(() -> Sweep.Vary.parse("rate=1,,2")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Sweep.Vary.parse("rate=1,1")).hasMessageContaining("twice");
    assertThatThrownBy(() -> Sweep.Vary.parse("rate")).hasMessageContaining("KEY=v1,v2");
  }

  @Test
  void miShareNeedsBothKindsOfGroup() {
    Scenario siOnly = PAPER.withGroups(List.of(new Group("si", 4, 1, -1, 1024)));
    assertThatThrownBy(() -> apply(siOnly, "miShare", "0.5")).hasMessageContaining("no MI group");
  }

  private static Scenario apply(Scenario s, String key, String value) {
    SweepKey k = SweepKey.of(key);
    return k.apply(s, k.parse(value));
  }

  private static List<Integer> counts(Scenario s) {
    return s.groups().stream().map(Group::count).toList();
  }
}
