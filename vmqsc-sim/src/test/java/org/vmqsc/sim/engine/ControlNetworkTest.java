package org.vmqsc.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.Done;
import org.vmqsc.core.role.RoleSystem;
import org.vmqsc.sim.SimOptions.ControlDelay;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/** Control messages take the network's time, in order per pair, and recoveries are timed. */
class ControlNetworkTest {
  private static final Scenario FIG2 = ScenarioLoader.load("paper-fig2"); // 100 MB/s

  private final EventQueue queue = new EventQueue();
  private final AtomicLong bytesRead = new AtomicLong();
  private final ControlNetwork.Reads reads = new ControlNetwork.Reads() {
    @Override
    public long bytesRead() {
      return bytesRead.get();
    }

    @Override
    public void newRecovery() {}
  };

  private ControlNetwork control(ControlDelay mode, Scenario.Network net) {
    return ControlNetwork.of(mode, FIG2.withNetwork(net), queue, reads);
  }

  private static Scenario.Network fixed(double millis) {
    return new Scenario.Network(Scenario.Network.DelayKind.FIXED, millis, 0, 1024);
  }

  @Test
  void aReportReachesTheManagerOnlyAfterTheNetworksDelay() {
    ControlNetwork c = control(ControlDelay.NETWORK, fixed(30));
    c.setNow(100);
    List<String> got = new ArrayList<>();
    c.carry(0, RoleSystem.MANAGER, () -> got.add("report"));

    assertThat(got).as("not delivered in the step it was sent").isEmpty();
    Event e = queue.poll();
    assertThat(e.kind).isEqualTo(Event.Kind.CONTROL);
    assertThat(e.time).isEqualTo(130);
    ((Runnable) e.payload).run();
    assertThat(got).containsExactly("report");
  }

  @Test
  void aLaterMessageOfOnePairNeverOvertakesAnEarlierOne() {
    ControlNetwork c = control(ControlDelay.NETWORK,
        new Scenario.Network(Scenario.Network.DelayKind.UNIFORM, 1, 100, 1024));
    List<Integer> toHost1 = new ArrayList<>();
    List<Integer> toHost0 = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      c.setNow(i); // one a millisecond, each with a delay of 1..100 ms
      int n = i;
      c.carry(RoleSystem.MANAGER, 1, () -> toHost1.add(n));
      c.carry(RoleSystem.MANAGER, 0, () -> toHost0.add(n));
    }
    List<Integer> sequence = new ArrayList<>();
    for (Event e; (e = queue.poll()) != null; ) {
      int before = toHost0.size();
      ((Runnable) e.payload).run();
      sequence.add(toHost0.size() > before ? 0 : 1);
    }
    assertThat(toHost1).isSorted().hasSize(200);
    assertThat(toHost0).isSorted().hasSize(200);
    assertThat(sequence).as("the two pairs interleave: the delays really vary")
        .containsSubsequence(0, 1, 0).containsSubsequence(1, 0, 1);
  }

  @Test
  void instantControlIsDeliveredAtOnceAndRecoveriesCostNothing() {
    ControlNetwork c = control(ControlDelay.INSTANT, fixed(30));
    List<String> got = new ArrayList<>();
    c.carry(RoleSystem.MANAGER, 0, () -> got.add("announcement"));
    c.beginRecovery();
    c.call(0, new Ask(), r -> {
      bytesRead.addAndGet(100_000_000);
      return Done.DONE;
    });

    assertThat(got).containsExactly("announcement");
    assertThat(queue.size()).isZero();
    assertThat(c.endRecovery()).isZero();
  }

  @Test
  void aRecoveryCostsEachPhasesSlowestRoundTripPlusItsReads() {
    ControlNetwork c = control(ControlDelay.NETWORK, fixed(10));
    c.beginRecovery();
    c.call(0, new Ask(), r -> Done.DONE); // phase 1: 20 ms round trip
    c.call(1, new Ask(), r -> { // phase 1: 20 ms + 50 MB at 100 MB/s
      bytesRead.addAndGet(50_000_000);
      return Done.DONE;
    });
    c.call(0, new Tell(), r -> Done.DONE); // phase 2: 20 ms
    c.call(0, new Tell(), r -> Done.DONE); // the same host twice in one phase waits twice
    bytesRead.addAndGet(10_000_000); // the manager's own read: 100 ms

    assertThat(c.endRecovery()).isEqualTo((20 + 500) + (20 + 20) + 100);
    assertThat(queue.size()).as("calls are not events").isZero();
  }

  @Test
  void callsOutsideARecoveryAreNotTimed() {
    ControlNetwork c = control(ControlDelay.NETWORK, fixed(10));
    c.call(0, new Tell(), r -> Done.DONE); // an emptied host rejoining learns the rollbacks
    c.beginRecovery();
    assertThat(c.endRecovery()).isZero();
  }

  private record Ask() implements Control {}

  private record Tell() implements Control {}
}
