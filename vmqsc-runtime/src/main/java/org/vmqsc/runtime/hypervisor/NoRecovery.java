package org.vmqsc.runtime.hypervisor;

/**
 * A failure or recovery was asked of a cluster whose protocol does not recover (a baseline run
 * for measurement, {@code ProtocolRoles.recovers()} false). The admin API answers
 * FAILED_PRECONDITION with this one line.
 */
public final class NoRecovery extends UnsupportedOperationException {
  private NoRecovery(String message) {
    super(message);
  }

  /** A host of such a cluster that booted once was started again. */
  public static NoRecovery restart(String protocol, int host, java.nio.file.Path marker) {
    return new NoRecovery("host " + host + " booted before (" + marker + ") and this cluster runs"
        + " protocol " + protocol + ", which cannot recover a restarted host;"
        + " start a new cluster directory");
  }

  public static NoRecovery of(String protocol) {
    return new NoRecovery("this cluster runs protocol " + protocol
        + ", which does not recover failed VMs or hosts");
  }
}
