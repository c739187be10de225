package org.vmqsc.sim.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.sim.scenario.Scenario;

/**
 * The scenario's Poisson traffic as timers of the guests: each VM fires at the sum of the rates
 * of the flows it sends on, and each firing picks a flow by weight and a receiver uniformly from
 * that flow's group (never itself). A flow's rate is what EACH receiver gets from the whole sender
 * group, so each sender of group G sends on flow G->H at rate·|H|/|G|.
 *
 * <p>The VMs' independent Poisson processes are drawn as their superposition: one process at the
 * total rate whose events fall on VM v with probability rate_v / total. The distribution is the
 * same, and the simulator keeps one pending traffic event instead of one per VM.
 */
final class Traffic {
  private final double[] totalRate;
  private final double[] groupCumulative;
  private final int[] groupFirst;
  private final int[] groupCount;
  private final double systemRate;
  private final double[][] flowRates;
  private final int[][][] flowTargets;

  Traffic(Scenario s, int[] firstVm) {
    int n = s.vmCount();
    totalRate = new double[n];
    flowRates = new double[n][];
    flowTargets = new int[n][][];
    List<double[]> rates = new ArrayList<>();
    for (int g = 0; g < s.groups().size(); g++) {
      Scenario.Group from = s.groups().get(g);
      List<Double> r = new ArrayList<>();
      List<int[]> t = new ArrayList<>();
      for (Scenario.Flow f : s.traffic()) {
        if (!f.from().equals(from.name()) || f.ratePerSecond() <= 0) {
          continue;
        }
        int h = indexOf(s, f.to());
        Scenario.Group to = s.groups().get(h);
        int receivers = to.count() - (g == h ? 1 : 0);
        if (receivers <= 0) {
          continue;
        }
        r.add(f.ratePerSecond() * to.count() / from.count());
        t.add(new int[] {firstVm[h], to.count()});
      }
      for (int v = firstVm[g]; v < firstVm[g] + from.count(); v++) {
        flowRates[v] = r.stream().mapToDouble(Double::doubleValue).toArray();
        flowTargets[v] = t.toArray(new int[0][]);
        totalRate[v] = r.stream().mapToDouble(Double::doubleValue).sum();
      }
    }
    rates.clear();
    int groups = s.groups().size();
    groupCumulative = new double[groups];
    groupFirst = firstVm.clone();
    groupCount = new int[groups];
    double sum = 0;
    for (int g = 0; g < groups; g++) {
      groupCount[g] = s.groups().get(g).count();
      sum += totalRate[firstVm[g]] * groupCount[g];
      groupCumulative[g] = sum;
    }
    systemRate = sum;
  }

  /** Milliseconds (fractional) to the next send anywhere, or -1 if nobody ever sends. */
  double nextSystemGap(SplittableRandom rnd) {
    if (systemRate <= 0) {
      return -1;
    }
    return -Math.log(1 - rnd.nextDouble()) / systemRate * 1000;
  }

  /** Which VM the next send falls on, with probability proportional to its rate. VMs of a group
   * send at the same rate, so: a group by weight, then a VM of it uniformly. */
  int pickSender(SplittableRandom rnd) {
    double x = rnd.nextDouble() * systemRate;
    int g = 0;
    while (g < groupCumulative.length - 1 && groupCumulative[g] <= x) {
      g++;
    }
    return groupFirst[g] + rnd.nextInt(groupCount[g]);
  }

  private static int indexOf(Scenario s, String name) {
    for (int i = 0; i < s.groups().size(); i++) {
      if (s.groups().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(name);
  }

  /** The environment's choice at a firing: receiver and a draw, logged as a determinant. */
  TimerFire fire(int vm, SplittableRandom rnd) {
    double pick = rnd.nextDouble() * totalRate[vm];
    int f = 0;
    while (f < flowRates[vm].length - 1 && pick >= flowRates[vm][f]) {
      pick -= flowRates[vm][f];
      f++;
    }
    int[] target = flowTargets[vm][f];
    int first = target[0];
    int count = target[1];
    boolean selfInGroup = vm >= first && vm < first + count;
    int to = first + rnd.nextInt(selfInGroup ? count - 1 : count);
    if (selfInGroup && to >= vm) {
      to++;
    }
    return new TimerFire(to, rnd.nextLong());
  }
}
