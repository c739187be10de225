package org.vmqsc.sim;

import java.util.List;

/**
 * What one simulated run measured. Counts are over the whole run (including the drain period at
 * the end); {@code violations} holds every oracle finding, each replayable from {@link #seed()}.
 */
public record SimResult(
    String scenario,
    String protocol,
    long seed,
    long simulatedMillis,
    long deliveredMessages,
    long stableLoggedMessages,
    long stableLoggedR6,
    long stableLoggedR8,
    long stableLoggedOther,
    double etaAnalytic,
    long basicCheckpoints,
    long forcedCheckpoints,
    long controlMessages,
    long stableBytesWritten,
    long peakStableBytesHeld,
    long vmFailures,
    long hostFailures,
    long hostFailuresWithPendingWrites,
    long vmsRolledBack,
    long rollbacks,
    double workLostVmSeconds,
    double blockedVmSeconds,
    long recoveryMillisTotal,
    long durableLineLagSum,
    long durableLineSamples,
    long events,
    long traceDigest,
    List<HostRecoveryRecord> recoveries,
    List<Violation> violations) {

  public SimResult {
    violations = List.copyOf(violations);
    recoveries = List.copyOf(recoveries);
  }

  /**
   * One host-failure recovery: when the (first) host failed, which hosts were down, the line the
   * manager had taken and the durable line it recovered to, how many VMs rolled back, and how long
   * from failure to recovered.
   */
  /**
   * One host recovery; {@code damagedLine} is the line it could not use (D15), or -1;
   * {@code relocated}, whether it restarted the failed hosts' VMs on other hosts (D14).
   */
  public record HostRecoveryRecord(long failedAtMillis, List<Integer> hosts, int takenLine,
      int durableLine, int rolledBack, long recoveryMillis, int damagedLine, boolean relocated) {}

  /** Share of delivered messages that went to stable storage (SPEC §6). */
  public double eta() {
    return deliveredMessages == 0 ? 0 : (double) stableLoggedMessages / deliveredMessages;
  }

  /** Share of delivered messages stably logged by R6 alone (the part SPEC §6's formula models). */
  public double etaR6() {
    return deliveredMessages == 0 ? 0 : (double) stableLoggedR6 / deliveredMessages;
  }

  /** Share stably logged by R8 alone (backward-crossing messages; vanishes as delay -> 0). */
  public double etaR8() {
    return deliveredMessages == 0 ? 0 : (double) stableLoggedR8 / deliveredMessages;
  }

  /** Share of delivered messages stably logged by a baseline's own logging (receipts, channel
   * state). */
  public double etaOther() {
    return deliveredMessages == 0 ? 0 : (double) stableLoggedOther / deliveredMessages;
  }

  /** VMs rolled back per failure (VM and host failures that led to a recovery). */
  public double vmsRolledBackPerFailure() {
    return rollbacks == 0 ? 0 : (double) vmsRolledBack / rollbacks;
  }

  /** Work re-executed per failure, in VM-seconds. */
  public double workLostPerFailure() {
    return rollbacks == 0 ? 0 : workLostVmSeconds / rollbacks;
  }

  /** Mean time from a failure to the end of its recovery. */
  public double meanRecoveryMillis() {
    long failures = vmFailures + recoveries.size();
    return failures == 0 ? 0 : (double) recoveryMillisTotal / failures;
  }

  /** Mean lag, in base periods, of the durable line behind the taken line. */
  public double meanDurableLag() {
    return durableLineSamples == 0 ? 0 : (double) durableLineLagSum / durableLineSamples;
  }
}
