package org.vmqsc.sim.engine;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The relocation policy's choice of hosts (D14): each VM of a failed host goes to the live host
 * that runs the fewest VMs at that moment, the lowest-numbered on a tie, so that a run stays
 * deterministic and the load spreads.
 */
final class Relocation {
  private Relocation() {}

  /**
   * Where each VM of {@code failed} goes; empty if no host is alive to take them.
   *
   * @param hostOf the current placement, one host per VM
   */
  static Map<Integer, Integer> targets(int[] hostOf, Set<Integer> failed, boolean[] alive) {
    int[] load = new int[alive.length];
    for (int h : hostOf) {
      load[h]++;
    }
    Map<Integer, Integer> moves = new TreeMap<>();
    for (int v = 0; v < hostOf.length; v++) {
      if (!failed.contains(hostOf[v])) {
        continue;
      }
      int best = -1;
      for (int h = 0; h < alive.length; h++) {
        if (alive[h] && (best < 0 || load[h] < load[best])) {
          best = h;
        }
      }
      if (best < 0) {
        return Map.of();
      }
      load[best]++;
      moves.put(v, best);
    }
    return moves;
  }
}
