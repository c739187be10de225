package org.vmqsc.cli.demo;

import java.util.List;
import org.vmqsc.cli.demo.DemoReport.Check;
import org.vmqsc.core.protocol.VmqscRoles;
import org.vmqsc.core.role.ProtocolRoles;

/**
 * What a protocol promises after a failure, which decides the demo's failure checks. Read from
 * the registry's {@link ProtocolRoles} (whether it recovers, whether it gives up P3), so a
 * protocol added there gets the checks its properties call for.
 */
public enum Promise {
  /** VM_QSC: a VM failure is repaired by its own hypervisor; a host failure rolls back R9's set. */
  R9(Check.VM.title, Check.HOST.title,
      "a VM failure is repaired locally (only that VM rolls back); a host failure rolls back "
          + "the set R9 names, to the manager's durable line"),
  /** Coordinated checkpointing, BCS: any failure rolls every VM back to the line (P3 exempt). */
  EVERY_VM("VM failure rolled EVERY VM back to the line (P3 exempt by design)",
      "host failure rolled EVERY VM back to the line",
      "any failure, even of one VM, rolls EVERY VM back to the last consistent line (P3 exempt "
          + "by design): the demo checks that it did exactly that"),
  /** Pessimistic logging: only the failed VMs roll back and replay their log. */
  LOGGED("VM failure disturbed no other VM (replayed from its log)",
      "host failure disturbed no VM of the other hosts (replayed from the log)",
      "a failure rolls back only the failed VM or the failed host's VMs, which replay their log; "
          + "no other VM is disturbed"),
  /** No checkpoints, no logs: nothing to recover with. */
  NONE(null, null, "cannot recover from a failure: the story runs without failures (traffic, "
      + "quiet, ledgers)");

  /** The title of the VM and host failure checks (null: not run). */
  final String vmCheck;
  final String hostCheck;
  /** One line the demo prints first: what the protocol promises. */
  public final String says;

  Promise(String vmCheck, String hostCheck, String says) {
    this.vmCheck = vmCheck;
    this.hostCheck = hostCheck;
    this.says = says;
  }

  public static Promise of(ProtocolRoles roles) {
    if (!roles.recovers()) {
      return NONE;
    }
    if (roles.exemptFrom().contains("P3")) {
      return EVERY_VM;
    }
    // The host check of R9 (its rollback set, all to the durable line: D7) is VM_QSC's promise.
    return roles instanceof VmqscRoles ? R9 : LOGGED;
  }

  boolean injectsFailures() {
    return this != NONE;
  }

  /** The checks this promise is judged by, in report order. */
  List<Check> checks() {
    return injectsFailures() ? List.of(Check.values()) : List.of(Check.BANK, Check.CHANNELS);
  }

  String title(Check c) {
    return switch (c) {
      case VM -> vmCheck;
      case HOST -> hostCheck;
      default -> c.title;
    };
  }
}
