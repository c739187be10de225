package org.vmqsc.runtime.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.guest.TrafficGuest;
import org.vmqsc.core.role.VmLook;
import org.vmqsc.runtime.proto.JournalEntry;
import org.vmqsc.runtime.proto.JournalEntry.Kind;

/**
 * A host's journal outlives its process: what one process recorded, the next one (after a
 * SIGKILL, here simply a new journal on the same directory) serves again, and a line cut short
 * is skipped rather than trusted.
 */
class HypervisorJournalTest {
  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(1000);
  private int incarnation;

  private HypervisorJournal journal() throws Exception {
    HypervisorJournal j = new HypervisorJournal(1, now::get,
        vm -> new VmLook(true, 0, incarnation, 0, null));
    j.open(dir);
    return j;
  }

  @Test
  void aRestartedHostServesWhatItsPredecessorRecorded() throws Exception {
    Guest g = new TrafficGuest(2, new Ledger(4));
    HypervisorJournal first = journal();
    first.crossed(2, -1, 0, g);
    first.failing(2, g);
    first.replayedAfterVmFailure(2, g);
    // killed: no close()
    Files.writeString(HypervisorJournal.fileOf(dir, 1), "CROSSED 2 1 0 ab", // cut short
        StandardOpenOption.APPEND);

    incarnation = 1;
    now.set(2000);
    HypervisorJournal second = journal();
    second.restoredToLine(2, 0, g);
    assertThat(second.entries()).extracting(JournalEntry::getKind)
        .containsExactly(Kind.CROSSED, Kind.FAILED, Kind.REPLAYED, Kind.RESTORED);
    JournalEntry restore = second.entries().get(3);
    assertThat(restore.getDigest()).isEqualTo(g.digest());
    assertThat(restore.getPreviousIncarnation()).isZero();
    assertThat(restore.getIncarnation()).isEqualTo(1);
    assertThat(restore.getAtMillis()).isEqualTo(2000);
    second.close();
    assertThat(journal().entries()).as("read back again, the cut line skipped").hasSize(4);
  }
}
