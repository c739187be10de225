package org.vmqsc.core.baseline.pessimistic;

import java.util.Arrays;

/**
 * For information only (pessimistic logging needs no global line): per VM, the index of its
 * latest checkpoint taken and of its latest safe checkpoint, the one a host failure restarts it
 * from. The "lines" the driver samples are the minimum over VMs of each, in base periods, so the
 * lag between them reads like VM_QSC's.
 */
final class Lines {
  private final int[] taken;
  private final int[] safe;

  Lines(int vms) {
    taken = new int[vms];
    safe = new int[vms];
  }

  void taken(int vm, int index) {
    taken[vm] = index;
  }

  void safe(int vm, int index) {
    safe[vm] = index;
  }

  int takenLine() {
    return Arrays.stream(taken).min().orElse(0);
  }

  int safeLine() {
    return Arrays.stream(safe).min().orElse(0);
  }
}
