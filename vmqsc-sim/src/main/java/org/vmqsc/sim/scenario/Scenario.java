package org.vmqsc.sim.scenario;

import java.util.List;
import java.util.Objects;

/**
 * One simulated world, immutable and validated: hosts, VM groups, Poisson traffic, network,
 * clocks, storage and failures. Parsing lives in {@link ScenarioLoader}; this record only holds
 * values that already passed validation. All times are in simulated milliseconds.
 */
public record Scenario(
    String name,
    long basePeriodMillis,
    long durationMillis,
    long seed,
    int hosts,
    List<Group> groups,
    List<Flow> traffic,
    Network network,
    Clock clock,
    Storage storage,
    Recovery recovery,
    Workload workload,
    Failures failures) {

  public Scenario {
    Objects.requireNonNull(name);
    groups = List.copyOf(groups);
    traffic = List.copyOf(traffic);
  }

  /** Total number of VMs over all groups. */
  public int vmCount() {
    return groups.stream().mapToInt(Group::count).sum();
  }

  public Group group(String groupName) {
    return groups.stream().filter(g -> g.name().equals(groupName)).findFirst().orElseThrow();
  }

  public Scenario withSeed(long newSeed) {
    return new Scenario(name, basePeriodMillis, durationMillis, newSeed, hosts, groups, traffic,
        network, clock, storage, recovery, workload, failures);
  }

  public Scenario withFailures(Failures newFailures) {
    return new Scenario(name, basePeriodMillis, durationMillis, seed, hosts, groups, traffic,
        network, clock, storage, recovery, workload, newFailures);
  }

  public Scenario withGroups(List<Group> newGroups) {
    return new Scenario(name, basePeriodMillis, durationMillis, seed, hosts, newGroups, traffic,
        network, clock, storage, recovery, workload, failures);
  }

  public Scenario withStorage(Storage newStorage) {
    return new Scenario(name, basePeriodMillis, durationMillis, seed, hosts, groups, traffic,
        network, clock, newStorage, recovery, workload, failures);
  }

  public Scenario withRecovery(Recovery newRecovery) {
    return new Scenario(name, basePeriodMillis, durationMillis, seed, hosts, groups, traffic,
        network, clock, storage, newRecovery, workload, failures);
  }

  public Scenario withNetwork(Network newNetwork) {
    return new Scenario(name, basePeriodMillis, durationMillis, seed, hosts, groups, traffic,
        newNetwork, clock, storage, recovery, workload, failures);
  }

  public Scenario withDuration(long newDurationMillis) {
    return new Scenario(name, basePeriodMillis, newDurationMillis, seed, hosts, groups, traffic,
        network, clock, storage, recovery, workload, failures);
  }

  /**
   * A class of VMs. {@code k} is 1 for SI and k >= 2 for MI_k. {@code host} pins every VM of the
   * group to one host (-1: round-robin over all hosts in global VM order).
   * {@code checkpointBytes} is the size of one checkpoint of one VM of this group.
   */
  public record Group(String name, int count, int k, int host, long checkpointBytes) {
    public String typeName() {
      return k == 1 ? "SI" : "MI" + k;
    }
  }

  /**
   * Poisson traffic: {@code ratePerSecond} messages per second received by EACH VM of {@code to}
   * from all the VMs of {@code from} together (on average over the receivers when {@code peers}
   * is set). {@code peers} &gt; 0 is fan-out: each sender talks only to that many fixed peers of
   * {@code to}, drawn from the scenario's seed ({@link FanOut}); each sender still sends what it
   * would without it, so the flow's total is the same. {@link #ALL_PEERS}: every VM of {@code to}.
   */
  public record Flow(String from, String to, double ratePerSecond, int peers) {
    /** No fan-out: a sender draws each receiver from the whole target group. */
    public static final int ALL_PEERS = 0;

    public Flow(String from, String to, double ratePerSecond) {
      this(from, to, ratePerSecond, ALL_PEERS);
    }

    /** The same flow at another rate (its fan-out kept). */
    public Flow withRate(double newRatePerSecond) {
      return new Flow(from, to, newRatePerSecond, peers);
    }

    public boolean fansOut() {
      return peers != ALL_PEERS;
    }
  }

  /** Delay of messages between hosts (within a host, delivery is immediate through memory). */
  public record Network(DelayKind kind, double aMillis, double bMillis, long messageBytes) {
    public enum DelayKind { FIXED, UNIFORM, EXPONENTIAL }
  }

  /**
   * Host clocks: each host's drift rate is drawn uniformly from [-maxDrift, maxDrift] and its
   * initial offset from [-maxOffsetMillis, maxOffsetMillis], unless {@code drifts}/{@code offsetsMillis}
   * list one value per host explicitly (empty lists: draw).
   */
  public record Clock(double maxDrift, double maxOffsetMillis, List<Double> drifts,
      List<Double> offsetsMillis) {
    public Clock {
      drifts = List.copyOf(drifts);
      offsetsMillis = List.copyOf(offsetsMillis);
    }
  }

  /** Stable storage: per-host write bandwidth, how long a staged item waits before the lazy
   * writer may take it (R10), and the chance that a written checkpoint is later found damaged
   * when read back (silent corruption; D15: recovery then falls back to the previous line), and
   * the same for a written log record ({@code logDamage}; D15 for logs). */
  public record Storage(double bandwidthBytesPerSecond, long lazyDelayMillis, double damage,
      double logDamage) {
    public Storage(double bandwidthBytesPerSecond, long lazyDelayMillis) {
      this(bandwidthBytesPerSecond, lazyDelayMillis, 0);
    }

    public Storage(double bandwidthBytesPerSecond, long lazyDelayMillis, double damage) {
      this(bandwidthBytesPerSecond, lazyDelayMillis, damage, 0);
    }
  }

  /** How long detection and restart take: a failed VM is restarted by its hypervisor after
   * {@code vmRestartMillis}; a failed host is detected after {@code hostDetectMillis} and its VMs are
   * recovered after a further {@code hostRestartMillis}. With {@code relocateAfterMillis} >= 0
   * (the policy of D14) a host still down that long after detection has its VMs recovered on the
   * live hosts instead; it rejoins empty when it comes back. -1: never relocate. */
  public record Recovery(long vmRestartMillis, long hostDetectMillis, long hostRestartMillis,
      long relocateAfterMillis) {
    public Recovery(long vmRestartMillis, long hostDetectMillis, long hostRestartMillis) {
      this(vmRestartMillis, hostDetectMillis, hostRestartMillis, -1);
    }

    /** Whether a failed host's VMs move elsewhere before the host can come back. */
    public boolean relocates() {
      return relocateAfterMillis >= 0 && relocateAfterMillis < hostRestartMillis;
    }
  }

  /** The guest program every VM runs: {@code TRAFFIC} (the paper's model) or {@code BANK}
   * (transfers, total conserved; checked by P6). */
  public record Workload(Kind kind, long initialBalance) {
    public enum Kind { TRAFFIC, BANK }
  }

  /** Failures at given times, and/or drawn from rates (mean time between failures, per VM and
   * per host; 0 = none). Nothing is injected after {@code durationMillis}. */
  public record Failures(List<Failure> at, long vmMtbfMillis, long hostMtbfMillis) {
    public Failures {
      at = List.copyOf(at);
    }

    public static Failures none() {
      return new Failures(List.of(), 0, 0);
    }

    /** Whether any failure is planned or drawn. */
    public boolean any() {
      return !at.isEmpty() || vmMtbfMillis > 0 || hostMtbfMillis > 0;
    }
  }

  /** A failure at a given time: of VM {@code target} when {@code host} is false, else of host
   * {@code target}. */
  public record Failure(boolean host, int target, long atMillis) {}
}
