package org.vmqsc.core.baseline.pessimistic;

import java.util.Map;
import java.util.TreeMap;
import org.vmqsc.core.util.IntMap;

/**
 * For information only (pessimistic logging needs no global line): per VM, the index of its
 * latest checkpoint taken and of its latest safe checkpoint, the one a host failure restarts it
 * from. A host keeps its VMs' and reports what changed ({@link #changes}); the manager keeps
 * everyone's ({@link #apply}). The "lines" the driver samples are the minimum over VMs of each, in
 * base periods, so the lag between them reads like VM_QSC's. Entries exist only for VMs it
 * heard of (a host: its own), the others reading as index 0.
 */
final class Lines {
  private final int vms;
  /** Per VM heard of: {taken, safe}. */
  private final IntMap<int[]> byVm = new IntMap<>();
  private final Map<Integer, Integer> takenChanged = new TreeMap<>();
  private final Map<Integer, Integer> safeChanged = new TreeMap<>();

  Lines(int vms) {
    this.vms = vms;
  }

  private int[] of(int vm) {
    return byVm.computeIfAbsent(vm, v -> new int[2]);
  }

  void taken(int vm, int index) {
    of(vm)[0] = index;
    takenChanged.put(vm, index);
  }

  void safe(int vm, int index) {
    of(vm)[1] = index;
    safeChanged.put(vm, index);
  }

  int safe(int vm) {
    int[] e = byVm.get(vm);
    return e == null ? 0 : e[1];
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
    s.taken().forEach((vm, x) -> of(vm)[0] = x);
    s.safe().forEach((vm, x) -> of(vm)[1] = x);
  }

  int takenLine() {
    return min(0);
  }

  int safeLine() {
    return min(1);
  }

  /** The minimum over all VMs; one not heard of stands at 0. */
  private int min(int which) {
    if (vms == 0) {
      return 0;
    }
    int[] m = {byVm.size() < vms ? 0 : Integer.MAX_VALUE};
    byVm.forEachValue(e -> m[0] = Math.min(m[0], e[which]));
    return m[0];
  }
}
