package org.vmqsc.core.baseline.pessimistic;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * For information only (pessimistic logging needs no global line): per VM, the index of its
 * latest checkpoint taken and of its latest safe checkpoint, the one a host failure restarts it
 * from. A host keeps its VMs' and reports what changed ({@link #changes}); the manager keeps
 * everyone's ({@link #apply}). The "lines" the driver samples are the minimum over VMs of each, in
 * base periods, so the lag between them reads like VM_QSC's.
 */
final class Lines {
  private final int[] taken;
  private final int[] safe;
  private final Map<Integer, Integer> takenChanged = new TreeMap<>();
  private final Map<Integer, Integer> safeChanged = new TreeMap<>();

  Lines(int vms) {
    taken = new int[vms];
    safe = new int[vms];
  }

  void taken(int vm, int index) {
    taken[vm] = index;
    takenChanged.put(vm, index);
  }

  void safe(int vm, int index) {
    safe[vm] = index;
    safeChanged.put(vm, index);
  }

  int safe(int vm) {
    return safe[vm];
  }

  /** What changed since the last call, or null if nothing did. */
  LoggingControl.LineStatus changes() {
    if (takenChanged.isEmpty() && safeChanged.isEmpty()) {
      return null;
    }
    LoggingControl.LineStatus s = new LoggingControl.LineStatus(takenChanged, safeChanged);
    takenChanged.clear();
    safeChanged.clear();
    return s;
  }

  void apply(LoggingControl.LineStatus s) {
    s.taken().forEach((vm, x) -> taken[vm] = x);
    s.safe().forEach((vm, x) -> safe[vm] = x);
  }

  int takenLine() {
    return Arrays.stream(taken).min().orElse(0);
  }

  int safeLine() {
    return Arrays.stream(safe).min().orElse(0);
  }
}
