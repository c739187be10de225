package org.vmqsc.sim;

import java.util.List;

/**
 * What one simulated run measured, grouped by what it is about: the {@link Run} itself, the
 * messages and their {@link Logging}, the {@link Checkpoints} taken, the other {@link Costs}, the
 * {@link Failures} and their recoveries, and every oracle finding ({@code violations}), each
 * replayable from the run's seed. Counts are over the whole run, including the drain period at
 * the end.
 */
public record SimResult(Run run, Logging logging, Checkpoints checkpoints, Costs costs,
    Failures failures, List<Violation> violations) {

  public SimResult {
    violations = List.copyOf(violations);
  }

  /**
   * Which run this was: {@code simulatedMillis} includes the drain period; {@code traceDigest}
   * fingerprints its events, so two runs with the same digest did the same.
   */
  public record Run(String scenario, String protocol, long seed, long simulatedMillis,
      long events, long traceDigest) {}

  /**
   * The messages delivered and how many of them went to stable storage, by the rule that logged
   * them: R6, R8, or a baseline's own logging (receipts, channel state); {@code etaAnalytic} is
   * what SPEC §6's formula predicts for the scenario (R6 only).
   */
  public record Logging(long delivered, long stableR6, long stableR8, long stableOther,
      double etaAnalytic) {

    /** Every stably logged message, whichever rule logged it. */
    public long stableTotal() {
      return stableR6 + stableR8 + stableOther;
    }

    /** Share of delivered messages that went to stable storage (SPEC §6). */
    public double eta() {
      return share(stableTotal());
    }

    /** Share stably logged by R6 alone (the part SPEC §6's formula models). */
    public double etaR6() {
      return share(stableR6);
    }

    /** Share stably logged by R8 alone (backward-crossing messages; vanishes as delay -> 0). */
    public double etaR8() {
      return share(stableR8);
    }

    /** Share stably logged by a baseline's own logging (receipts, channel state). */
    public double etaOther() {
      return share(stableOther);
    }

    private double share(long logged) {
      return delivered == 0 ? 0 : (double) logged / delivered;
    }
  }

  /** Checkpoints taken: on the VMs' own timers (basic) and forced by the protocol. */
  public record Checkpoints(long basic, long forced) {}

  /**
   * What the protocol cost besides logging and checkpoints: manager/hypervisor control messages,
   * stable storage written and at most held, VM time blocked by the protocol, and how far the
   * durable line lagged behind the taken line (summed over {@code durableLineSamples} samples).
   */
  public record Costs(long controlMessages, long stableBytesWritten, long peakStableBytesHeld,
      double blockedVmSeconds, long durableLineLagSum, long durableLineSamples) {

    /** Mean lag, in base periods, of the durable line behind the taken line. */
    public double meanDurableLag() {
      return durableLineSamples == 0 ? 0 : (double) durableLineLagSum / durableLineSamples;
    }
  }

  /**
   * The failures and what repairing them took: {@code rollbacks} counts the recoveries that
   * rolled VMs back, {@code vmsRolledBack} the VMs they rolled back, {@code workLostVmSeconds}
   * the work those VMs re-execute; {@code recoveryMillisTotal} sums failure-to-recovered over
   * VM restarts and host recoveries, and {@code recoveries} lists the host recoveries.
   */
  public record Failures(long vmFailures, long hostFailures, long hostFailuresWithPendingWrites,
      long rollbacks, long vmsRolledBack, double workLostVmSeconds, long recoveryMillisTotal,
      List<HostRecoveryRecord> recoveries) {

    public Failures {
      recoveries = List.copyOf(recoveries);
    }

    /** VMs rolled back per failure (VM and host failures that led to a recovery). */
    public double vmsRolledBackPerFailure() {
      return rollbacks == 0 ? 0 : (double) vmsRolledBack / rollbacks;
    }

    /** Work re-executed per failure, in VM-seconds. */
    public double workLostPerFailure() {
      return rollbacks == 0 ? 0 : workLostVmSeconds / rollbacks;
    }

    /** Mean time from a failure (a VM's, or a host recovery's first) to the end of its recovery. */
    public double meanRecoveryMillis() {
      long failures = vmFailures + recoveries.size();
      return failures == 0 ? 0 : (double) recoveryMillisTotal / failures;
    }
  }

  /**
   * One host recovery: when the (first) host failed, which hosts were down, the line the manager
   * had taken and the durable line it recovered to, how many VMs rolled back, and how long from
   * failure to recovered; {@code damagedLine} is the line it could not use (D15), or -1;
   * {@code relocated}, whether it restarted the failed hosts' VMs on other hosts (D14).
   */
  public record HostRecoveryRecord(long failedAtMillis, List<Integer> hosts, int takenLine,
      int durableLine, int rolledBack, long recoveryMillis, int damagedLine, boolean relocated) {}
}
