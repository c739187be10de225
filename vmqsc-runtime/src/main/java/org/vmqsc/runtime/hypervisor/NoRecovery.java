package org.vmqsc.runtime.hypervisor;

import org.vmqsc.runtime.cluster.ClusterSpec;

/**
 * A failure or recovery was asked of a cluster whose protocol does not recover (a baseline run
 * for measurement). The admin API answers FAILED_PRECONDITION with this one line.
 */
public final class NoRecovery extends UnsupportedOperationException {
  private NoRecovery(String message) {
    super(message);
  }

  /** A host of such a cluster that booted once was started again. */
  public static NoRecovery restart(ClusterSpec.Protocol p, int host, java.nio.file.Path marker) {
    return new NoRecovery("host " + host + " booted before (" + marker + ") and this cluster runs"
        + " protocol " + p.key() + ", which cannot recover a restarted host (only vmqsc can);"
        + " start a new cluster directory");
  }

  public static NoRecovery of(ClusterSpec.Protocol p) {
    return new NoRecovery("this cluster runs protocol " + p.key()
        + ", which does not recover failed VMs or hosts (only vmqsc does)");
  }
}
