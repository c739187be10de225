package org.vmqsc.bench.runtime;

import java.util.List;
import org.vmqsc.bench.CsvLog;

/**
 * The one layout of the runtime benches' {@code --csv} rows (issue 14: the runtime's curves as
 * data), shared by {@link RelayOverheadBench} and {@link RecoveryTimeBench} so that both can
 * append to one file (docs/scaling/runtime.csv); a bench leaves the other's columns empty.
 * {@code rate_per_vm} is the messages per second each VM is asked to send, over all its peers.
 */
public final class RuntimeColumns {
  public static final List<String> COLUMNS = List.of("bench", "protocol", "vms", "hosts", "t0_ms",
      "heartbeat_ms", "rate_per_vm", "delivered_msgs_per_s", "delivered_min", "delivered_max",
      "sent_msgs_per_s", "cpu_us_per_msg", "cores_used", "vm_recovery_ms", "host_recovery_ms",
      "host_recovery_min_ms", "host_recovery_max_ms", "failure_seen_ms", "node_start_ms",
      "start_to_recovered_ms");

  public static final String RELAY = "relay";
  public static final String RECOVERY = "recovery";

  private RuntimeColumns() {}

  /** The log {@code --csv} names, or null without it; one-line refusal before any cluster. */
  static CsvLog open(String file) {
    return file == null ? null : CsvLog.open(file, COLUMNS);
  }

  /** One protocol's relay throughput: medians of its windows. */
  static void relay(CsvLog log, double load, String protocol, int vms, long t0, long heartbeat,
      double ratePerVm, double delivered, double min, double max, double sent, double cpuUs,
      double cores) {
    log.append(load, RELAY, protocol, vms, 2, t0, heartbeat, ratePerVm, delivered, min, max,
        sent, cpuUs, cores, null, null, null, null, null, null, null);
  }

  /** Recovery times, medians of the repetitions (ms); NaN for a figure not taken. */
  static void recovery(CsvLog log, double load, int vms, long t0, long heartbeat,
      double ratePerVm, double vmRecovery, double host, double hostMin, double hostMax,
      double seen, double start, double startToRecovered) {
    log.append(load, RECOVERY, "vmqsc", vms, 2, t0, heartbeat, ratePerVm, null, null, null,
        null, null, null, vmRecovery, host, hostMin, hostMax, seen, start, startToRecovered);
  }
}
