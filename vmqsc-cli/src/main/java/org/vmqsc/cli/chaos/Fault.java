package org.vmqsc.cli.chaos;

/**
 * One cycle's fault, drawn from the seed: its kind and targets. Fields a kind does not use are
 * drawn anyway (so every cycle takes the same number of draws) and not shown.
 *
 * @param cycle 1-based
 * @param host the host it hits (kills, pauses, storage, corruption)
 * @param second the second host killed during a recovery (never {@code host})
 * @param vm the VM failed, or whose newest file is corrupted (one of {@code host}'s if it has any)
 * @param delayMillis how long after the cycle starts the fault goes in: it lands at a different
 *     point of the period (before or after a tick, lazy writes pending or not)
 */
public record Fault(int cycle, FaultKind kind, int host, int second, int vm, long delayMillis) {
  /** As the schedule and the progress lines show it, e.g. {@code host-kill host 1 +230ms}. */
  public String describe() {
    String target = switch (kind) {
      case HOST_KILL, HOST_PAUSE, STORAGE_FAIL, MANAGER_KILL_IN_RECOVERY -> " host " + host;
      case KILL_IN_RECOVERY -> " host " + host + " then host " + second;
      case VM_FAIL -> " vm " + vm;
      case CORRUPT_NEWEST, CORRUPT_LOG -> " host " + host + " vm-of-host #" + vm;
      case MANAGER_KILL, MANAGER_PAUSE, LEADER_KILL -> "";
    };
    return kind.label + target + " +" + delayMillis + "ms";
  }
}
