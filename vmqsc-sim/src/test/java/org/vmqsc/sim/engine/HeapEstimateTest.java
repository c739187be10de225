package org.vmqsc.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioException;
import org.vmqsc.sim.scenario.ScenarioLoader;

/** Issue 14: a world too big for the heap is refused in one line before it is built. */
class HeapEstimateTest {
  private static Scenario world(int vms, String peers, long seconds) {
    return ScenarioLoader.parse("""
        name: big
        basePeriod: 10s
        duration: %ds
        hosts: 100
        groups: [{name: a, count: %d, type: MI2}]
        traffic: [{from: a, to: a, rate: 2%s}]
        """.formatted(seconds, vms, peers), "big.yaml");
  }

  @Test
  void aWorldTooBigForTheHeapIsRefusedInOneLineBeforeItIsBuilt() {
    Scenario huge = world(20_000_000, ", peers: 10", 300);
    long t0 = System.nanoTime();
    ScenarioException e = catchThrowableOfType(ScenarioException.class,
        () -> new Simulation(huge, SimOptions.defaults().withOracle(false)));
    // 20 M VMs' slots alone would take far longer than this to allocate, and then fail
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.0);
    assertThat(e).as("refused").isNotNull();
    assertThat(e.getMessage()).startsWith("big: too big for this JVM's heap: about ")
        .contains("20,000,000 VMs", "GiB available (-Xmx)", "larger -Xmx")
        .doesNotContain("\n");
  }

  @Test
  void theHeapGivenDecides() {
    Scenario s = world(10_000, ", peers: 10", 300);
    double need = HeapEstimate.of(s, false).heapBytes();
    assertThatCode(() -> HeapEstimate.require(s, false, (long) (need * 1.01)))
        .doesNotThrowAnyException();
    assertThat(catchThrowableOfType(ScenarioException.class,
        () -> HeapEstimate.require(s, false, (long) (need * 0.99))).getMessage())
        .contains("10,000 VMs", "oracle off", "100,000 channels");
    assertThat(HeapEstimate.of(s, true).heapBytes()).as("the oracle's ledgers and records")
        .isGreaterThan(need);
  }

  @Test
  void channelsAreThePairsExpectedToCarryAMessage() {
    // fan-out: every sender reaches each of its 10 peers many times over 300 s
    assertThat(HeapEstimate.expectedChannels(world(1000, ", peers: 10", 300)))
        .isCloseTo(10_000, within(1.0));
    // all to all, 600 receipts per VM among 999 possible senders: 999·(1 − e^−0.6) each
    assertThat(HeapEstimate.expectedChannels(world(1000, "", 300)))
        .isCloseTo(1000 * 999 * (1 - Math.exp(-600 / 999.0)), within(1.0));
    // no traffic, no channels
    assertThat(HeapEstimate.expectedChannels(world(1000, "", 300).withDuration(0))).isZero();
  }

  @Test
  void theBundledScenariosFitInTheHeapTheBenchmarksGiveThem() {
    long oneGib = 1L << 30;
    for (String name : new String[] {"paper-example", "paper-fig2", "mix", "cloud-1000",
        "paper-example-1000", "scale-1k"}) {
      assertThatCode(() -> HeapEstimate.require(ScenarioLoader.load(name), true, oneGib))
          .as(name).doesNotThrowAnyException();
    }
  }
}
