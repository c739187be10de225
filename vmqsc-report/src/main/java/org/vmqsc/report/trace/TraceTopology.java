package org.vmqsc.report.trace;

import org.vmqsc.sim.scenario.Scenario;

/**
 * Where each VM runs and of which type, as the simulator places them: VM ids 0..N-1 in group
 * order; a group's pinned host, else round-robin (id mod hosts). Shown 1-based, like the paper.
 */
public final class TraceTopology {
  private final int[] hostOf;
  private final int[] k;

  TraceTopology(int[] hostOf, int[] k) {
    this.hostOf = hostOf.clone();
    this.k = k.clone();
  }

  public static TraceTopology of(Scenario s) {
    int n = s.vmCount();
    int[] host = new int[n];
    int[] k = new int[n];
    int v = 0;
    for (Scenario.Group g : s.groups()) {
      for (int i = 0; i < g.count(); i++, v++) {
        host[v] = g.host() >= 0 ? g.host() : v % s.hosts();
        k[v] = g.k();
      }
    }
    return new TraceTopology(host, k);
  }

  public int vms() {
    return hostOf.length;
  }

  public int hostOf(int vm) {
    return hostOf[vm];
  }

  public int k(int vm) {
    return k[vm];
  }

  /** R7: a message between hosts is logged on both hypervisors. */
  public boolean crossHost(int from, int to) {
    return hostOf[from] != hostOf[to];
  }

  /** "VM1 (MI2) · host 0". */
  public String label(int vm) {
    return name(vm) + " (" + (k[vm] == 1 ? "SI" : "MI" + k[vm]) + ") \u00b7 host " + hostOf[vm];
  }

  /** "VM0": numbered from 0 as every command numbers them (the paper counts from 1). */
  public static String name(int vm) {
    return "VM" + vm; // from 0, as every command numbers VMs
  }
}
