package org.vmqsc.runtime.cluster;

import java.io.IOException;
import java.net.ServerSocket;

/** Free local ports for a new cluster's listeners (cluster up, tests, benchmarks). */
public final class FreePorts {
  private FreePorts() {}

  /**
   * {@code n} distinct free ports. The sockets stay open until all are chosen, so the kernel
   * cannot hand out one port twice; a port can still be taken by another program before the
   * cluster binds it, in which case that process reports the bind failure.
   */
  public static int[] pick(int n) throws IOException {
    ServerSocket[] held = new ServerSocket[n];
    int[] ports = new int[n];
    try {
      for (int i = 0; i < n; i++) {
        held[i] = new ServerSocket(0);
        ports[i] = held[i].getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) {
        if (s != null) {
          s.close();
        }
      }
    }
    return ports;
  }
}
