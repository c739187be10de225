package org.vmqsc.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule a seed decides, the --faults grammar, and the table's figures. */
class ScheduleTest {
  private static final List<FaultKind> ALL = List.of(FaultKind.values());

  @Test
  void aSeedDecidesTheWholeScheduleAndAnotherSeedAnotherOne() {
    List<Fault> a = Schedule.draw(7, 200, ALL, 3, 2, 1000);
    assertThat(Schedule.draw(7, 200, ALL, 3, 2, 1000)).isEqualTo(a);
    assertThat(Schedule.draw(8, 200, ALL, 3, 2, 1000)).isNotEqualTo(a);
    // A shorter run is the start of the longer one: a failure at cycle 12 replays with 12.
    assertThat(Schedule.draw(7, 12, ALL, 3, 2, 1000)).isEqualTo(a.subList(0, 12));
  }

  @Test
  void everyKindIsDrawnAndTargetsAreInRange() {
    List<Fault> s = Schedule.draw(1, 500, ALL, 3, 2, 1000);
    assertThat(s).extracting(Fault::kind).containsAll(ALL);
    for (Fault f : s) {
      assertThat(f.host()).isBetween(0, 2);
      assertThat(f.second()).isBetween(0, 2).isNotEqualTo(f.host());
      assertThat(f.vm()).isBetween(0, 5);
      assertThat(f.delayMillis()).isBetween(0L, 999L);
    }
    assertThat(s).extracting(Fault::cycle).startsWith(1, 2, 3).endsWith(500);
  }

  @Test
  void onlyTheNamedKindsAreDrawn() {
    List<FaultKind> two = FaultKind.parse("vm-fail, host-kill");
    assertThat(two).containsExactly(FaultKind.VM_FAIL, FaultKind.HOST_KILL);
    assertThat(Schedule.draw(3, 100, two, 2, 2, 500)).extracting(Fault::kind)
        .containsOnly(FaultKind.VM_FAIL, FaultKind.HOST_KILL);
    assertThat(FaultKind.parse("all")).doesNotContain(FaultKind.CORRUPT_LOG)
        .containsExactly(java.util.Arrays.copyOf(FaultKind.values(), FaultKind.values().length - 1));
    assertThat(FaultKind.parse("corrupt-log")).containsExactly(FaultKind.CORRUPT_LOG);
  }

  @Test
  void anUnknownOrRepeatedFaultIsRefusedByName() {
    assertThatThrownBy(() -> FaultKind.parse("host-kill,disk-melt"))
        .hasMessageContaining("unknown fault 'disk-melt'").hasMessageContaining("host-pause");
    assertThatThrownBy(() -> FaultKind.parse("vm-fail,vm-fail"))
        .hasMessageContaining("'vm-fail' named twice");
    assertThatThrownBy(() -> FaultKind.parse("")).hasMessageContaining("unknown fault ''");
  }

  /** chaos's cluster is not in namespaces: a partition is refused by name, saying where it runs. */
  @Test
  void aPartitionIsRefusedSayingWhatItNeeds() {
    assertThatThrownBy(() -> FaultKind.parse("vm-fail,partition"))
        .hasMessageContaining("'partition' needs each process in its own network namespace")
        .hasMessageContaining("Across addresses");
  }

  @Test
  void theTableHasMinMedianMaxPerKindAndCountsStallsAndViolations() {
    List<CycleResult> results = List.of(
        ok(FaultKind.HOST_KILL, 3000), ok(FaultKind.HOST_KILL, 1000), ok(FaultKind.HOST_KILL, 2000),
        new CycleResult(fault(FaultKind.VM_FAIL), 500, null, List.of("channel 0->1: sent 3, "
            + "received 2"), ""),
        new CycleResult(fault(FaultKind.HOST_PAUSE), -1, "not recovered within 60 s", List.of(),
            ""));
    ChaosTable t = new ChaosTable(List.of(FaultKind.HOST_KILL, FaultKind.VM_FAIL,
        FaultKind.HOST_PAUSE), results);
    assertThat(t.stalls()).isEqualTo(1);
    assertThat(t.violations()).isEqualTo(1);
    StringWriter out = new StringWriter();
    t.print(new PrintWriter(out, true));
    assertThat(out.toString()).containsPattern("host-kill +3 +1000 +2000 +3000 +0 +0")
        .containsPattern("vm-fail +1 +500 +500 +500 +0 +1")
        .containsPattern("host-pause +1 +- +- +- +1 +0")
        .containsPattern("total +5 +1 +1");
    assertThat(t.json().get("faults").get(0).get("recoveryMedianMillis").asLong()).isEqualTo(2000);
  }

  private static CycleResult ok(FaultKind k, long millis) {
    return new CycleResult(fault(k), millis, null, List.of(), "");
  }

  private static Fault fault(FaultKind k) {
    return new Fault(1, k, 0, 1, 0, 0);
  }
}
