package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.check.Finding;
import org.vmqsc.runtime.proto.JournalEntry;
import org.vmqsc.runtime.proto.JournalEntry.Kind;

/**
 * P3 and P5 judged from journals alone, one small history at a time: what each hypervisor saw
 * (crossings, restores, a failure and its replay), never what the manager says it did.
 */
class ClusterOracleHistoryTest {
  @TempDir Path dir;

  private static JournalEntry e(Kind kind, int host, int vm, int index, long digest, int inc,
      int prev, long at) {
    return JournalEntry.newBuilder().setKind(kind).setHost(host).setVm(vm).setIndex(index)
        .setFromIndex(kind == Kind.CROSSED ? index - 1 : 0).setDigest(digest).setIncarnation(inc)
        .setPreviousIncarnation(prev).setAtMillis(at).build();
  }

  private List<Finding> history(JournalEntry... entries) throws Exception {
    return ClusterOracle.history(Fig2Cluster.fig2(dir), List.of(entries));
  }

  @Test
  void aRestoreMustHoldTheStateTheVmHadAtTheLine() throws Exception {
    JournalEntry crossed4 = e(Kind.CROSSED, 1, 2, 4, 0xAA, 0, 0, 100);
    JournalEntry crossed5 = e(Kind.CROSSED, 1, 2, 5, 0xBB, 0, 0, 200);
    assertThat(history(crossed4, crossed5, e(Kind.RESTORED, 1, 2, 4, 0xAA, 1, 0, 300)))
        .isEmpty();
    assertThat(history(crossed4, crossed5, e(Kind.RESTORED, 1, 2, 4, 0xBB, 1, 0, 300)))
        .extracting(Finding::property).containsExactly("P5");
  }

  @Test
  void onlyTheLatestCrossingOfTheExecutionRolledBackCounts() throws Exception {
    // Crossed 4 in incarnation 0, rolled back to 3, crossed 4 again (another state) in 1.
    assertThat(history(e(Kind.CROSSED, 1, 2, 4, 0xAA, 0, 0, 100),
        e(Kind.RESTORED, 1, 2, 3, 0x33, 1, 0, 200),
        e(Kind.CROSSED, 1, 2, 4, 0xCC, 1, 1, 300),
        e(Kind.RESTORED, 1, 2, 4, 0xCC, 2, 1, 400))).isEmpty();
    // The second crossing was never recorded: the first, of an older execution, is not used.
    assertThat(history(e(Kind.CROSSED, 1, 2, 4, 0xAA, 0, 0, 100),
        e(Kind.RESTORED, 1, 2, 3, 0x33, 1, 0, 200),
        e(Kind.RESTORED, 1, 2, 4, 0xCC, 2, 1, 400))).isEmpty();
  }

  @Test
  void aVmFailureReplaysExactlyAndRollsNoOtherVmBack() throws Exception {
    JournalEntry failed = e(Kind.FAILED, 0, 0, -1, 0x11, 0, 0, 100);
    assertThat(history(failed, e(Kind.REPLAYED, 0, 0, -1, 0x11, 0, 0, 300))).isEmpty();
    assertThat(history(failed, e(Kind.REPLAYED, 0, 0, -1, 0x12, 0, 0, 300)))
        .extracting(Finding::property).containsExactly("P3");
    assertThat(history(failed, e(Kind.RESTORED, 1, 3, 2, 0x99, 1, 0, 200),
        e(Kind.REPLAYED, 0, 0, -1, 0x11, 0, 0, 300))).extracting(Finding::detail)
        .containsExactly("vm 0 failed alone, but vms [3] were rolled back meanwhile");
  }
}
