package org.vmqsc.sim.engine;

import java.util.Locale;
import org.vmqsc.sim.scenario.Scenario;

/**
 * How much heap one run of a scenario needs, told before the run allocates anything, so that a
 * world too big for the JVM is refused in one line instead of dying of an OutOfMemoryError
 * minutes in (issue 14). The estimate counts the things the simulator's state grows with, each
 * from the scenario alone, and gives each a size in bytes measured on real runs
 * ({@code org.vmqsc.bench.HeapCalibration}; docs/simulator.md, "Heap"):
 *
 * <ul>
 *   <li>per VM: its hypervisor slot, guest, volatile log and checkpoint queue, the manager's and
 *       storage's entries for it, the engine's per-VM arrays and crossing ring ({@link
 *       Crossings});
 *   <li>per host: its hypervisor, inbox tables, storage writer, clock, network FIFO row;
 *   <li>per pair of VMs: state still kept in arrays sized by the number of VMs for each VM
 *       (per-peer send counters, per-destination in-flight queues; with the oracle, each guest's
 *       ledger and the copies the oracle records). Sparse per-channel state makes this zero;
 *   <li>per pair of VM and host: arrays sized by the number of VMs kept by every host;
 *   <li>per channel: the state of one (sender, receiver) pair that carried a message, counted as
 *       the pairs expected to carry one during the run ({@link #expectedChannels});
 *   <li>per message of one base period: what is kept until the line passes it (volatile log
 *       entries, sender copies, acknowledgements, in-flight records), proportional to the
 *       messages sent per base period;
 *   <li>per message in the network: an arrival event and its message, for the messages a delay
 *       keeps in flight (sizes of {@link Event} and a message, not measured).
 * </ul>
 *
 * The sum is the live set; a collector needs room beside it ({@link #HEADROOM}).
 */
public record HeapEstimate(double vms, double hosts, double channels, double messagesPerPeriod,
    double messagesInFlight, boolean oracle) {

  /** The live set may fill this share of the heap; past it, collections thrash or fail. */
  static final double HEADROOM = 1.25;
  /** An ARRIVAL event (48 B), its message (about 56 B) and the heap slot pointing to it. */
  static final double BYTES_PER_MESSAGE_IN_FLIGHT = 112;
  /** Sizes measured by HeapCalibration (docs/simulator.md), oracle off then on. */
  private static final Sizes OFF = new Sizes(2_857, 0, 0, 9.54, 69, 511);
  private static final Sizes ON = new Sizes(11_758, 0, 0, 0, 498, 494);

  /** Bytes per unit of each term. */
  record Sizes(double perVm, double perHost, double perVmPair, double perVmHost,
      double perChannel, double perMessageOfAPeriod) {}

  /** What a run of {@code s} grows with, counted from the scenario alone. */
  public static HeapEstimate of(Scenario s, boolean oracle) {
    double sendRate = 0;
    for (Scenario.Flow f : s.traffic()) {
      sendRate += f.ratePerSecond() * s.group(f.to()).count();
    }
    double meanDelayMillis = switch (s.network().kind()) {
      case FIXED, EXPONENTIAL -> s.network().aMillis();
      case UNIFORM -> (s.network().aMillis() + s.network().bMillis()) / 2;
    };
    return new HeapEstimate(s.vmCount(), s.hosts(), expectedChannels(s),
        sendRate * s.basePeriodMillis() / 1000.0, sendRate * meanDelayMillis / 1000.0, oracle);
  }

  /**
   * The (sender, receiver) pairs expected to carry at least one message during the run: per
   * receiving VM of a flow, the m messages it gets over the run come from P possible senders
   * (the whole sending group, or on average k·|from|/|to| of them under fan-out), and m draws
   * among P hit P·(1 − e^(−m/P)) distinct ones.
   */
  static double expectedChannels(Scenario s) {
    double channels = 0;
    for (Scenario.Flow f : s.traffic()) {
      Scenario.Group from = s.group(f.from());
      Scenario.Group to = s.group(f.to());
      double possible = from.count() - (from == to ? 1 : 0);
      if (f.fansOut()) {
        possible = Math.min(possible, (double) f.peers() * from.count() / to.count());
      }
      double received = f.ratePerSecond() * s.durationMillis() / 1000.0;
      if (possible > 0 && received > 0) {
        channels += to.count() * possible * -Math.expm1(-received / possible);
      }
    }
    return channels;
  }

  /** The live set, in bytes. */
  public double liveBytes() {
    Sizes z = oracle ? ON : OFF;
    return vms * z.perVm() + hosts * z.perHost() + vms * vms * z.perVmPair()
        + vms * hosts * z.perVmHost() + channels * z.perChannel()
        + messagesPerPeriod * z.perMessageOfAPeriod()
        + messagesInFlight * BYTES_PER_MESSAGE_IN_FLIGHT;
  }

  /** The heap a run needs: the live set and the collector's room. */
  public double heapBytes() {
    return liveBytes() * HEADROOM;
  }

  /**
   * Refuses, in one line, a run that would not fit in {@code maxHeapBytes}: what it would need,
   * what it has, and what to do.
   */
  public static void require(Scenario s, boolean oracle, long maxHeapBytes) {
    HeapEstimate e = of(s, oracle);
    if (e.heapBytes() > maxHeapBytes) {
      throw new org.vmqsc.sim.scenario.ScenarioException(s.name(), null, String.format(
          Locale.ROOT, "too big for this JVM's heap: about %s needed (%,d VMs, %,d hosts, %,.0f"
              + " channels, %,.0f messages per base period, oracle %s), %s available (-Xmx);"
              + " run java with a larger -Xmx, %sor fewer VMs",
          gib(e.heapBytes()), s.vmCount(), s.hosts(), e.channels, e.messagesPerPeriod,
          oracle ? "on" : "off", gib(maxHeapBytes), oracle ? "--no-oracle, " : ""));
    }
  }

  private static String gib(double bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30));
  }
}
