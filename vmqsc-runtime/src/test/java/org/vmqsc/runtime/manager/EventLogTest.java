package org.vmqsc.runtime.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.manager.EventLog.Event;
import org.vmqsc.runtime.manager.EventLog.Kind;

/** The manager's event history: bounded, numbered for good, and still there after a restart. */
class EventLogTest {
  @TempDir Path dir;

  @Test
  void aRestartedManagerFindsTheEventsBeforeItAndNumbersOn() {
    Path f = dir.resolve(EventLog.FILE_NAME);
    EventLog first = EventLog.open(f);
    first.add(100, Kind.HOST_FAILED, 1, -1, -1, "host 1 failed (session broken)");
    first.add(200, Kind.VM_FAILED, 0, 2, -1, "vm 2 on host 0\nfailed"); // one line on disk

    EventLog again = EventLog.open(f);
    assertThat(again.after(0)).extracting(Event::seq, Event::kind, Event::host, Event::vm)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, Kind.HOST_FAILED, 1, -1),
            org.assertj.core.groups.Tuple.tuple(2L, Kind.VM_FAILED, 0, 2));
    assertThat(again.after(0).get(1).text()).isEqualTo("vm 2 on host 0 failed");
    Event third = again.add(300, Kind.RECOVERY_STARTED, -1, -1, 4, "recovering hosts [1]");
    assertThat(third.seq()).as("sequence numbers never repeat across restarts").isEqualTo(3);
    assertThat(again.after(2)).containsExactly(third);
  }

  @Test
  void keepsTheLastThousandInMemoryAndOnDisk() throws IOException {
    Path f = dir.resolve(EventLog.FILE_NAME);
    EventLog log = EventLog.open(f);
    int n = 2 * EventLog.CAPACITY + 17;
    for (int i = 1; i <= n; i++) {
      log.add(i, Kind.VM_RESTORED, 0, i % 5, -1, "event " + i);
    }
    assertThat(log.after(0)).hasSize(EventLog.CAPACITY);
    assertThat(log.after(0).get(0).seq()).isEqualTo(n - EventLog.CAPACITY + 1);
    assertThat(Files.readAllLines(f).size()).as("compacted, not growing without end")
        .isLessThanOrEqualTo(2 * EventLog.CAPACITY);
    EventLog back = EventLog.open(f);
    assertThat(back.after(0)).isEqualTo(log.after(0));
  }

  @Test
  void aLineTornByACrashIsSkippedNotFatal() throws IOException {
    Path f = dir.resolve(EventLog.FILE_NAME);
    EventLog.open(f).add(5, Kind.HOST_JOINED, 0, -1, -1, "host 0 joined");
    Files.writeString(f, "2 77 HOST_FAI", StandardOpenOption.APPEND);
    EventLog back = EventLog.open(f);
    assertThat(back.after(0)).extracting(Event::kind).containsExactly(Kind.HOST_JOINED);
  }
}
