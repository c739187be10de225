package org.vmqsc.report;

import java.util.List;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.scenario.Scenario;

/**
 * Every number one simulated run yields, under the key {@code vmqsc simulate --json} gives it.
 * A comparison averages each over seeds; {@link #compared()} are the ones SPEC §6 says to put
 * side by side (the table's columns and the charts).
 */
public enum Metric {
  SIMULATED_MILLIS("simulatedMillis", "simulated time", "ms", Kind.COUNT, true),
  EVENTS("events", "events", "events", Kind.COUNT, true),
  DELIVERED("deliveredMessages", "delivered", "messages", Kind.COUNT, true),
  STABLE_LOGGED("stableLoggedMessages", "stably logged", "messages", Kind.COUNT, true),
  STABLE_LOGGED_R6("stableLoggedR6", "stably logged (R6)", "messages", Kind.COUNT, true),
  STABLE_LOGGED_R8("stableLoggedR8", "stably logged (R8)", "messages", Kind.COUNT, true),
  STABLE_LOGGED_OTHER("stableLoggedOther", "stably logged (other)", "messages", Kind.COUNT, true),
  ETA("eta", "eta", "share of delivered", Kind.SHARE, false),
  ETA_R6("etaR6", "eta (R6)", "share of delivered", Kind.SHARE, false),
  ETA_R8("etaR8", "eta (R8)", "share of delivered", Kind.SHARE, false),
  ETA_OTHER("etaOther", "eta (other)", "share of delivered", Kind.SHARE, false),
  ETA_ANALYTIC("etaAnalytic", "eta (analytic)", "share of delivered", Kind.SHARE, false),
  BASIC_CHECKPOINTS("basicCheckpoints", "basic checkpoints", "checkpoints", Kind.COUNT, true),
  FORCED_CHECKPOINTS("forcedCheckpoints", "forced checkpoints", "checkpoints", Kind.COUNT, true),
  BASIC_PER_VM_HOUR("basicCheckpointsPerVmHour", "basic ckpt/VM-h", "checkpoints per VM-hour",
      Kind.REAL, false),
  FORCED_PER_VM_HOUR("forcedCheckpointsPerVmHour", "forced ckpt/VM-h",
      "checkpoints per VM-hour", Kind.REAL, false),
  CONTROL_MESSAGES("controlMessages", "control messages", "messages", Kind.COUNT, true),
  STABLE_BYTES_WRITTEN("stableBytesWritten", "stable written", "bytes", Kind.BYTES, true),
  PEAK_STABLE_BYTES_HELD("peakStableBytesHeld", "stable peak held", "bytes", Kind.BYTES, true),
  VM_FAILURES("vmFailures", "VM failures", "failures", Kind.COUNT, true),
  HOST_FAILURES("hostFailures", "host failures", "failures", Kind.COUNT, true),
  HOST_FAILURES_PENDING("hostFailuresWithPendingWrites", "host failures, writes pending",
      "failures", Kind.COUNT, true),
  VMS_ROLLED_BACK("vmsRolledBack", "VMs rolled back", "VMs", Kind.COUNT, true),
  ROLLBACKS("rollbacks", "rollbacks", "recoveries", Kind.COUNT, true),
  VMS_ROLLED_BACK_PER_FAILURE("vmsRolledBackPerFailure", "rolled back/failure",
      "VMs per failure", Kind.REAL, false),
  WORK_LOST("workLostVmSeconds", "work lost (VM-s)", "VM-seconds", Kind.REAL, false),
  WORK_LOST_PER_FAILURE("workLostPerFailure", "work lost/failure (VM-s)", "VM-seconds per failure",
      Kind.REAL, false),
  BLOCKED_VM_SECONDS("blockedVmSeconds", "blocked (VM-s)", "VM-seconds", Kind.REAL, false),
  RECOVERY_MILLIS_TOTAL("recoveryMillisTotal", "recovery time (total)", "ms", Kind.COUNT, true),
  MEAN_RECOVERY_MILLIS("meanRecoveryMillis", "recovery (ms)", "ms per failure", Kind.REAL, false),
  MEAN_DURABLE_LAG("meanDurableLag", "durable lag", "base periods", Kind.REAL, false),
  VIOLATIONS("violations", "violations", "violations", Kind.COUNT, true);

  /** How a value reads best: as a count, a share, a byte size or any other real number. */
  public enum Kind { COUNT, SHARE, BYTES, REAL }

  private static final double MILLIS_PER_HOUR = 3_600_000.0;

  private final String key;
  private final String label;
  private final String unit;
  private final Kind kind;
  private final boolean integral;

  Metric(String key, String label, String unit, Kind kind, boolean integral) {
    this.key = key;
    this.label = label;
    this.unit = unit;
    this.kind = kind;
    this.integral = integral;
  }

  /** The side-by-side measures of SPEC §6, in the comparison table's column order. */
  public static List<Metric> compared() {
    return List.of(BASIC_PER_VM_HOUR, FORCED_PER_VM_HOUR, ETA, STABLE_BYTES_WRITTEN,
        PEAK_STABLE_BYTES_HELD, CONTROL_MESSAGES, BLOCKED_VM_SECONDS, VMS_ROLLED_BACK_PER_FAILURE,
        WORK_LOST_PER_FAILURE, MEAN_RECOVERY_MILLIS, VIOLATIONS, DELIVERED);
  }

  /** The JSON and CSV key, as in {@code vmqsc simulate --json}. */
  public String key() {
    return key;
  }

  /** A short name for table headers and chart titles. */
  public String label() {
    return label;
  }

  /** What one unit of the value is, for chart axes. */
  public String unit() {
    return unit;
  }

  public Kind kind() {
    return kind;
  }

  /** A whole number in a single run (a JSON integer there; a mean over seeds is not). */
  public boolean integral() {
    return integral;
  }

  /**
   * This metric's value for one run of {@code s}. Per-VM-hour rates divide by the VM count times
   * the simulated hours, drain period included, because the checkpoints of the drain are counted.
   */
  public double of(SimResult r, Scenario s) {
    return switch (this) {
      case SIMULATED_MILLIS -> r.run().simulatedMillis();
      case EVENTS -> r.run().events();
      case DELIVERED -> r.logging().delivered();
      case STABLE_LOGGED -> r.logging().stableTotal();
      case STABLE_LOGGED_R6 -> r.logging().stableR6();
      case STABLE_LOGGED_R8 -> r.logging().stableR8();
      case STABLE_LOGGED_OTHER -> r.logging().stableOther();
      case ETA -> r.logging().eta();
      case ETA_R6 -> r.logging().etaR6();
      case ETA_R8 -> r.logging().etaR8();
      case ETA_OTHER -> r.logging().etaOther();
      case ETA_ANALYTIC -> r.logging().etaAnalytic();
      case BASIC_CHECKPOINTS -> r.checkpoints().basic();
      case FORCED_CHECKPOINTS -> r.checkpoints().forced();
      case BASIC_PER_VM_HOUR -> perVmHour(r.checkpoints().basic(), r, s);
      case FORCED_PER_VM_HOUR -> perVmHour(r.checkpoints().forced(), r, s);
      case CONTROL_MESSAGES -> r.costs().controlMessages();
      case STABLE_BYTES_WRITTEN -> r.costs().stableBytesWritten();
      case PEAK_STABLE_BYTES_HELD -> r.costs().peakStableBytesHeld();
      case VM_FAILURES -> r.failures().vmFailures();
      case HOST_FAILURES -> r.failures().hostFailures();
      case HOST_FAILURES_PENDING -> r.failures().hostFailuresWithPendingWrites();
      case VMS_ROLLED_BACK -> r.failures().vmsRolledBack();
      case ROLLBACKS -> r.failures().rollbacks();
      case VMS_ROLLED_BACK_PER_FAILURE -> r.failures().vmsRolledBackPerFailure();
      case WORK_LOST -> r.failures().workLostVmSeconds();
      case WORK_LOST_PER_FAILURE -> r.failures().workLostPerFailure();
      case BLOCKED_VM_SECONDS -> r.costs().blockedVmSeconds();
      case RECOVERY_MILLIS_TOTAL -> r.failures().recoveryMillisTotal();
      case MEAN_RECOVERY_MILLIS -> r.failures().meanRecoveryMillis();
      case MEAN_DURABLE_LAG -> r.costs().meanDurableLag();
      case VIOLATIONS -> r.violations().size();
    };
  }

  private static double perVmHour(long count, SimResult r, Scenario s) {
    double vmHours = s.vmCount() * (r.run().simulatedMillis() / MILLIS_PER_HOUR);
    return vmHours == 0 ? 0 : count / vmHours;
  }
}
