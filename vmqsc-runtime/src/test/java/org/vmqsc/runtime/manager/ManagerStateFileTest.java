package org.vmqsc.runtime.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.protocol.HypervisorPort.Rollback;
import org.vmqsc.core.protocol.Manager;

/** The manager's durable state reads back exactly as written; a foreign file is refused. */
class ManagerStateFileTest {
  @TempDir Path dir;

  @Test
  void roundTrips() throws IOException {
    ManagerStateFile s = new ManagerStateFile(1234, new Manager.State(9, 7, new int[] {5, 3}, new int[] {0, 2, 1}),
        List.of(new Rollback(1, 1, 3, 0), new Rollback(1, 2, 5, 1), new Rollback(2, 1, 5, 1)),
        Set.of(0, 1));
    Path f = dir.resolve("manager.state");
    s.save(f);
    ManagerStateFile back = ManagerStateFile.load(f, 3);
    assertThat(back.encode()).isEqualTo(s.encode());
    assertThat(back.state().incarnation()).containsExactly(0, 2, 1);
    assertThat(back.state().fallbackLines()).containsExactly(5, 3);
    assertThat(back.history()).hasSize(3);
    assertThat(Files.exists(dir.resolve("manager.state.tmp"))).isFalse();
  }

  /**
   * A restarted manager finds the recovery plan under way (to replay it with the same
   * incarnations), the join counts (restart host waits for one more) and the hosts that still
   * wait for their recovery.
   */
  @Test
  void keepsThePlanUnderWayJoinCountsAndHostsAwaitingRecovery() throws IOException {
    org.vmqsc.core.protocol.RecoveryPlan plan = new org.vmqsc.core.protocol.RecoveryPlan(5,
        Set.of(1), Set.of(2), List.of(new Rollback(2, 3, 5, 1), new Rollback(0, 1, 5, 0)), -1);
    ManagerStateFile s = new ManagerStateFile(1234, new Manager.State(9, 5, new int[0],
        new int[] {1, 0, 3}), List.of(), Set.of(0, 1), new int[] {1, 2}, Set.of(1), plan);
    Path f = dir.resolve("manager.state");
    s.save(f);
    ManagerStateFile back = ManagerStateFile.load(f, 3);
    assertThat(back.plan()).isEqualTo(plan);
    assertThat(back.joins()).containsExactly(1, 2);
    assertThat(back.awaiting()).containsExactly(1);
    assertThat(back.encode()).isEqualTo(s.encode());
  }

  @Test
  void refusesOtherFiles() throws IOException {
    Path f = dir.resolve("x");
    Files.writeString(f, "hello\n");
    assertThatThrownBy(() -> ManagerStateFile.load(f, 3)).isInstanceOf(IOException.class);
  }
}
