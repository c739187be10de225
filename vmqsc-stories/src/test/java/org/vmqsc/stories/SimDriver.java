package org.vmqsc.stories;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.engine.Simulation;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/**
 * The stories on the simulator: the bundled {@code paper-fig2} scenario (drift, delay, lazy
 * writes, bank guests) without its scripted failures, driven step by step, with the oracle
 * watching every event. A host's restart takes the scenario's modelled delays.
 */
final class SimDriver implements ClusterDriver {
  /** Simulated time the stories may take at most; traffic runs until a story quiesces. */
  private static final long HORIZON_MILLIS = 100_000_000;
  private static final long STEP_MILLIS = 100;
  /** A relocating setup never brings the host back by itself. */
  private static final long NEVER_BACK_MILLIS = HORIZON_MILLIS;

  static final Factory FACTORY = new Factory() {
    @Override
    public String name() {
      return "simulator";
    }

    @Override
    public ClusterDriver start(Setup setup) {
      return new SimDriver(setup);
    }

    @Override
    public boolean recovers(String protocol) {
      return true;
    }

    @Override
    public boolean managerFails() {
      return false; // SPEC §1: the paper leaves the manager's own failure out; so does the model
    }
  };

  private final Scenario scenario;
  private final Simulation sim;
  private final List<String> violations = new ArrayList<>();

  private SimDriver(Setup setup) {
    Scenario s = ScenarioLoader.load("paper-fig2").withFailures(Scenario.Failures.none())
        .withDuration(HORIZON_MILLIS);
    // Storage that can rot (as the runtime's real disk is taken to be) keeps the previous line
    // restorable too (D15); it never rots by itself here, only when a story damages it.
    Scenario.Storage st = s.storage();
    s = s.withStorage(new Scenario.Storage(st.bandwidthBytesPerSecond(), st.lazyDelayMillis(),
        Double.MIN_VALUE));
    Scenario.Recovery r = s.recovery();
    if (setup.relocateAfterMillis() >= 0) {
      s = s.withRecovery(new Scenario.Recovery(r.vmRestartMillis(), r.hostDetectMillis(),
          NEVER_BACK_MILLIS, setup.relocateAfterMillis()));
    }
    this.scenario = s;
    this.sim = new Simulation(s, SimOptions.defaults().withProtocol(setup.protocol())
        .withRules(setup.rules()));
    sim.start();
  }

  @Override
  public int vms() {
    return scenario.vmCount();
  }

  @Override
  public int hosts() {
    return scenario.hosts();
  }

  @Override
  public int hostOf(int vm) {
    return sim.hostOf(vm);
  }

  @Override
  public void awaitDurableLine(int line) {
    runUntil(() -> sim.durableLine() >= line, "durable line " + line);
  }

  @Override
  public void runPeriods(int periods) {
    sim.advanceTo(sim.now() + periods * scenario.basePeriodMillis());
  }

  @Override
  public void failVmAndAwaitRestore(int vm) {
    sim.failVmNow(vm);
    runUntil(() -> sim.vmUp(vm), "vm " + vm + " restored");
  }

  @Override
  public void failHost(int host) {
    sim.failHostNow(host);
  }

  @Override
  public void damageCheckpointOfDurableLine(int vm) {
    if (!sim.damageCheckpointOfDurableLine(vm)) {
      throw new AssertionError("vm " + vm + " has no checkpoint at or below the durable line");
    }
  }

  @Override
  public boolean lastRecoveryFellBack() {
    var all = sim.recoveries();
    return !all.isEmpty() && all.get(all.size() - 1).damagedLine() >= 0;
  }

  @Override
  public void awaitWritesPending(int host) {
    runUntil(() -> sim.pendingWrites(host) > 0, "host " + host + " writing lazily");
  }

  /** The model brings failed hosts back after its restart delays: this lets that time pass. */
  @Override
  public void restartHosts(int... hosts) {
    int before = sim.recoveries().size();
    runUntil(() -> java.util.Arrays.stream(hosts).allMatch(sim::hostAlive)
        && sim.recoveries().size() > before && allUp(), "hosts recovered");
  }

  private boolean allUp() {
    for (int v = 0; v < vms(); v++) {
      if (!sim.vmUp(v)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void awaitRelocated(int host) {
    runUntil(() -> allUp() && java.util.stream.IntStream.range(0, vms())
        .noneMatch(v -> sim.hostOf(v) == host), "host " + host + "'s VMs running elsewhere");
  }

  @Override
  public void restartManager() {
    throw new UnsupportedOperationException("the simulator does not fail its manager");
  }

  @Override
  public List<GuestView> guests() {
    List<GuestView> out = new ArrayList<>();
    for (int v = 0; v < vms(); v++) {
      Guest g = sim.guest(v);
      if (g == null) {
        throw new AssertionError("vm " + v + " is down");
      }
      out.add(view(v, g));
    }
    return out;
  }

  private static GuestView view(int vm, Guest g) {
    Ledger l = g.ledger();
    int[] sent = new int[l.peers()];
    int[] received = new int[l.peers()];
    for (int p = 0; p < l.peers(); p++) {
      sent[p] = l.sentCount(p);
      received[p] = l.recvCount(p);
    }
    return new GuestView(vm, g.balance(), sent, received);
  }

  @Override
  public List<GuestView> quiesce() {
    sim.stopTraffic();
    sim.advanceTo(sim.now() + sim.drainMillis());
    List<GuestView> guests = guests();
    SimResult r = sim.finish();
    r.violations().forEach(v -> violations.add(v.toString()));
    return guests;
  }

  @Override
  public List<String> violations() {
    return violations;
  }

  @Override
  public long initialBalance() {
    return scenario.workload().initialBalance();
  }

  /** Runs on in small steps until {@code cond} holds; a story that never gets there fails. */
  private void runUntil(BooleanSupplier cond, String what) {
    long deadline = sim.now() + 1000 * scenario.basePeriodMillis();
    while (!cond.getAsBoolean()) {
      if (sim.now() >= deadline) {
        throw new AssertionError("simulator: never reached: " + what + " (seed "
            + scenario.seed() + ")");
      }
      sim.advanceTo(sim.now() + STEP_MILLIS);
    }
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return FACTORY.name();
  }
}
