package org.vmqsc.cli.chaos;

import java.util.List;

/**
 * What one cycle came to.
 *
 * @param recoveryMillis from the fault's end (the kill, the SIGCONT, the fault file removed) until
 *     every host was alive and not awaiting recovery, every VM up, and the durable line past where
 *     it stood at the fault's end; -1 when that did not happen within the bound (a stall)
 * @param stall why the cycle stalled (recovery or check not done within the bound), or null
 * @param violations what the check found that does not hold once the cluster is quiet
 * @param note what the fault did, for the progress line (the file corrupted, whether the second
 *     kill landed during the recovery, the durable line while writes failed)
 */
public record CycleResult(Fault fault, long recoveryMillis, String stall, List<String> violations,
    String note) {
  public boolean stalled() {
    return stall != null;
  }

  public boolean failed() {
    return stalled() || !violations.isEmpty();
  }

  /** The progress line: {@code cycle 3/30 host-kill host 1 +230ms: recovered in 2140 ms, ok}. */
  public String line(int cycles) {
    String head = "cycle " + fault.cycle() + "/" + cycles + " " + fault.describe() + ": ";
    String outcome = stalled() ? "STALL: " + stall
        : "recovered in " + recoveryMillis + " ms, "
            + (violations.isEmpty() ? "check ok" : "VIOLATION: " + String.join("; ", violations));
    return head + outcome + (note.isEmpty() ? "" : " (" + note + ")");
  }
}
