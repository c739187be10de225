package org.vmqsc.core.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.util.IntMap;

/**
 * Where each VM runs now. It starts as the topology's placement; a host failure may restart the
 * failed host's VMs on other hosts (R9, D14). Each party keeps its own copy (the manager, every
 * hypervisor) and learns a move from the rollback that voids the VM's old execution, so a move
 * and the new incarnation are one fact and can never be seen apart.
 *
 * <p>Every hypervisor keeps one, so it holds only the moves: the topology's placement is shared
 * (one array for the whole cloud), and a VM that never moved costs nothing here.
 */
public final class Placement {
  private final Topology topo;
  /** Hosts of the VMs that moved off the topology's placement. */
  private final IntMap<Integer> moved = new IntMap<>();
  private final int hosts;

  public Placement(Topology t) {
    this.topo = t;
    this.hosts = t.hosts();
  }

  public int hosts() {
    return hosts;
  }

  public int hostOf(int vm) {
    if (moved.isEmpty()) {
      return topo.hostOf(vm); // the usual case: no host failed yet
    }
    Integer h = moved.get(vm);
    return h != null ? h : topo.hostOf(vm);
  }

  /** The VM's next execution runs on {@code host}. */
  public void move(int vm, int host) {
    if (host < 0 || host >= hosts) {
      throw new IllegalArgumentException("vm " + vm + ": host " + host + " out of range");
    }
    if (vm < 0 || vm >= topo.vms()) {
      throw new IllegalArgumentException("vm " + vm + " out of range");
    }
    if (host == topo.hostOf(vm)) {
      moved.remove(vm);
    } else {
      moved.put(vm, host);
    }
  }

  public int[] vmsOn(int host) {
    return IntStream.range(0, topo.vms()).filter(v -> hostOf(v) == host).toArray();
  }

  /**
   * The relocation policy (D14): where each VM of the hosts in {@code away} goes, each to the
   * live host that runs the fewest VMs at that moment, the lowest-numbered on a tie, so that runs
   * stay deterministic and the load spreads. Empty when no host is live.
   */
  public Map<Integer, Integer> relocationTargets(Set<Integer> away, IntPredicate live) {
    int[] load = new int[hosts];
    for (int v = 0; v < topo.vms(); v++) {
      load[hostOf(v)]++;
    }
    Map<Integer, Integer> moves = new TreeMap<>();
    for (int v = 0; v < topo.vms(); v++) {
      if (!away.contains(hostOf(v))) {
        continue;
      }
      int best = -1;
      for (int h = 0; h < hosts; h++) {
        if (live.test(h) && (best < 0 || load[h] < load[best])) {
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

  /** The whole placement, one host per VM (a copy). */
  public int[] toArray() {
    int[] all = new int[topo.vms()];
    for (int v = 0; v < all.length; v++) {
      all[v] = hostOf(v);
    }
    return all;
  }

  @Override
  public String toString() {
    return "Placement" + Arrays.toString(toArray());
  }
}
