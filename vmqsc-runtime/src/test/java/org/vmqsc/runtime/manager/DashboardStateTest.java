package org.vmqsc.runtime.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.HostLiveness;
import org.vmqsc.runtime.proto.StatusResponse;
import org.vmqsc.runtime.proto.VmStatus;

/**
 * /api/state from a manager's view and its hosts' answers: the fields of docs/operations.md
 * ("Dashboard"), nulls where a host does not answer, and what the dashboard remembers between
 * polls (the lines over time, each VM's checkpoints seen, the newest events).
 */
class DashboardStateTest {
  private static final long T0 = 300;
  private static final long EPOCH = 1_000_000;

  /** Host 0 runs VMs 0 (MI2) and 1 (SI), host 1 runs VM 2 (SI); lines taken/durable. */
  private static ClusterStatusResponse manager(int taken, int durable, boolean host1Alive) {
    return ClusterStatusResponse.newBuilder().setTakenLine(taken).setDurableLine(durable)
        .setLastRecoveryLine(-1).setLastDamagedLine(-1)
        .addHosts(HostLiveness.newBuilder().setHost(0).setAlive(true).setSessionUp(true)
            .setAddress("127.0.0.1:7000").setJoins(1))
        .addHosts(HostLiveness.newBuilder().setHost(1).setAlive(host1Alive)
            .setAddress("127.0.0.1:7001").setJoins(2))
        .addVmHost(0).addVmHost(0).addVmHost(1).addIncarnation(0).addIncarnation(3)
        .addIncarnation(0).build();
  }

  private static VmStatus vm(int vm, int lastCheckpoint, boolean durable) {
    return VmStatus.newBuilder().setVm(vm).setUp(true).setIndex(lastCheckpoint + 1)
        .setUsable(lastCheckpoint - 1).setLastCheckpoint(lastCheckpoint)
        .setLastCheckpointDurable(durable).setVolatileLog(17).setStableLogs(4).build();
  }

  private static DashboardState.Snapshot at(long now, ClusterStatusResponse m,
      List<EventLog.Event> events) {
    return new DashboardState.Snapshot("vmqsc", "127.0.0.1:6999", T0, EPOCH, now,
        new int[] {2, 1, 1}, m, events);
  }

  private static JsonNode json(Object node) throws Exception {
    return DashboardState.JSON.readTree(DashboardState.JSON.writeValueAsBytes(node));
  }

  @Test
  void theStateHoldsTheManagersLinesAndPlacementAndTheHostsReports() throws Exception {
    DashboardState d = new DashboardState();
    StatusResponse host0 = StatusResponse.newBuilder().setHost(0).addVms(vm(0, 8, true))
        .addVms(vm(1, 9, false)).build();
    List<EventLog.Event> events = List.of(new EventLog.Event(1, EPOCH + 5, EventLog.Kind
        .VM_FAILED, 0, 1, -1, "vm 1 on host 0 failed"));

    JsonNode s = json(d.update(at(EPOCH + 10 * T0 + 100, manager(9, 7, false), events),
        Arrays.asList(host0, null)));

    assertThat(s.path("schema").asInt()).isEqualTo(1);
    assertThat(s.path("index").asInt()).isEqualTo(10);
    assertThat(s.path("lines").path("taken").asInt()).isEqualTo(9);
    assertThat(s.path("lines").path("durable").asInt()).isEqualTo(7);
    assertThat(s.path("recovery").path("lastLine").isNull()).isTrue();
    assertThat(s.path("hosts").get(0).path("vms").toString()).isEqualTo("[0,1]");
    assertThat(s.path("hosts").get(0).path("answers").asBoolean()).isTrue();
    assertThat(s.path("hosts").get(1).path("alive").asBoolean()).isFalse();
    assertThat(s.path("hosts").get(1).path("answers").asBoolean()).isFalse();
    JsonNode vm0 = s.path("vms").get(0);
    assertThat(vm0.path("type").asText()).isEqualTo("MI2");
    assertThat(vm0.path("checkpointIntervalMillis").asLong()).isEqualTo(2 * T0);
    assertThat(vm0.path("lastCheckpoint").path("index").asInt()).isEqualTo(8);
    assertThat(vm0.path("lastCheckpoint").path("durable").asBoolean()).isTrue();
    assertThat(vm0.path("volatileLog").asInt()).isEqualTo(17);
    assertThat(s.path("vms").get(1).path("incarnation").asInt()).isEqualTo(3);
    JsonNode vm2 = s.path("vms").get(2); // its host does not answer
    for (String f : List.of("up", "index", "usable", "lastCheckpoint", "volatileLog",
        "stableLogs")) {
      assertThat(vm2.path(f).isNull()).as(f).isTrue();
    }
    JsonNode e = s.path("events").get(0);
    assertThat(e.path("kind").asText()).isEqualTo("VM_FAILED");
    assertThat(e.path("vm").asInt()).isEqualTo(1);
    assertThat(e.path("line").isNull()).isTrue();
  }

  @Test
  void pollsBuildTheLinesHistoryAndEachVmsCheckpointsSeen() throws Exception {
    DashboardState d = new DashboardState();
    long now = EPOCH;
    JsonNode s = null;
    for (int x = 1; x <= 6; x++) {
      now += T0;
      // vm 0's checkpoint x is staged at first and durable at the next poll
      StatusResponse h0 = StatusResponse.newBuilder().addVms(vm(0, x, false)).build();
      d.update(at(now, manager(x, x - 2, true), List.of()), Arrays.asList(h0, null));
      h0 = StatusResponse.newBuilder().addVms(vm(0, x, true)).build();
      s = json(d.update(at(now + 10, manager(x, x - 1, true), List.of()),
          Arrays.asList(h0, null)));
    }
    // one sample per poll at least SAMPLE_SPACING_MILLIS apart: the +10 ms polls add none
    assertThat(s.path("history")).hasSize(6);
    assertThat(s.path("history").get(5).path("taken").asInt()).isEqualTo(6);
    assertThat(s.path("history").get(5).path("durable").asInt()).isEqualTo(4);
    assertThat(s.path("vms").get(0).path("checkpoints").findValuesAsText("index"))
        .containsExactly("1", "2", "3", "4", "5", "6");
    assertThat(s.path("vms").get(0).path("checkpoints").findValuesAsText("durable"))
        .containsOnly("true");
    assertThat(s.path("vms").get(1).path("checkpoints")).isEmpty();
  }

  @Test
  void whatIsRememberedIsBounded() throws Exception {
    DashboardState d = new DashboardState();
    List<EventLog.Event> events = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      events.add(new EventLog.Event(i, EPOCH + i, EventLog.Kind.HOST_JOINED, 0, -1, -1, "e" + i));
    }
    JsonNode s = null;
    int polls = DashboardState.LINE_SAMPLES + 10;
    for (int i = 0; i < polls; i++) {
      StatusResponse h0 = StatusResponse.newBuilder().addVms(vm(0, i, true)).build();
      s = json(d.update(at(EPOCH + i * DashboardState.SAMPLE_SPACING_MILLIS, manager(i, i, true),
          events), Arrays.asList(h0, null)));
    }
    assertThat(s.path("history")).hasSize(DashboardState.LINE_SAMPLES);
    assertThat(s.path("history").get(0).path("taken").asInt()).isEqualTo(10);
    assertThat(s.path("vms").get(0).path("checkpoints")).hasSize(DashboardState.CHECKPOINTS_KEPT);
    assertThat(s.path("events")).hasSize(DashboardState.EVENTS_SHOWN);
    assertThat(s.path("events").get(0).path("seq").asInt()).isEqualTo(71);
  }
}
