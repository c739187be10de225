package org.vmqsc.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.role.Report;

/**
 * A report travels: when control messages take time, one made before a recovery can reach the
 * manager after it. It then describes the undone execution of a rolled-back VM (D6) and must not
 * move the durable line (D2). Random world 812 lost a message this way under delayed control.
 */
class StaleReportTest {
  // vm0 on host 0, vm1 on host 1, both SI
  private final TestBed bed = new TestBed(new int[] {1, 1}, new int[] {0, 1}, 2);
  private final Manager manager = bed.manager;

  private void report(int vm, int index, int usable, int incarnation) {
    manager.onReport(new Report(vm, new int[] {vm}, new int[] {index}, new int[] {usable},
        new int[] {incarnation}, List.of()));
  }

  @Test
  void aReportMadeBeforeARollbackDoesNotMoveTheDurableLine() {
    report(0, 4, 4, 0);
    report(1, 4, 2, 0);
    assertThat(manager.durableLine()).isEqualTo(2);

    // a host failure rolls vm1 back to line 2 under a new incarnation
    manager.nextIncarnation(1);
    manager.rolledBackTo(1, 2);
    // vm1's host had reported usable 4 before it learnt of the rollback; the report lands now
    report(1, 5, 4, 0);
    assertThat(manager.durableLine()).as("a report of the undone execution").isEqualTo(2);

    // the restored execution's own reports count
    report(1, 3, 3, 1);
    assertThat(manager.durableLine()).isEqualTo(3);
  }
}
