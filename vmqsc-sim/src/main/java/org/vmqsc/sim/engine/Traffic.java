package org.vmqsc.sim.engine;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.sim.scenario.Deployment;
import org.vmqsc.sim.scenario.Scenario;

/**
 * The scenario's Poisson traffic as timers of the guests: each VM fires at the sum of the rates
 * of the flows it sends on, and each firing picks a flow by weight and a receiver uniformly from
 * that flow's group (never itself), or from the sender's fixed peers under fan-out. A flow's
 * rate is what EACH receiver gets from the whole sender group, so each sender of group G sends on
 * flow G->H at rate·|H|/|G|.
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
  private final Deployment.SenderFlow[][] flows;

  Traffic(Scenario s, int[] firstVm) {
    int n = s.vmCount();
    flows = Deployment.senderFlows(s);
    totalRate = new double[n];
    for (int v = 0; v < n; v++) {
      totalRate[v] = Arrays.stream(flows[v]).mapToDouble(Deployment.SenderFlow::ratePerSecond)
          .sum();
    }
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

  /** The environment's choice at a firing: receiver and a draw, logged as a determinant. */
  TimerFire fire(int vm, SplittableRandom rnd) {
    double pick = rnd.nextDouble() * totalRate[vm];
    Deployment.SenderFlow[] mine = flows[vm];
    int f = 0;
    while (f < mine.length - 1 && pick >= mine[f].ratePerSecond()) {
      pick -= mine[f].ratePerSecond();
      f++;
    }
    Deployment.SenderFlow flow = mine[f];
    int to = flow.receiver(vm, rnd.nextInt(flow.peersOf(vm)));
    return new TimerFire(to, rnd.nextLong());
  }
}
