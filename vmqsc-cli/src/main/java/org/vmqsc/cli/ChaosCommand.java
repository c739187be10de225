package org.vmqsc.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vmqsc.cli.chaos.ChaosProcesses;
import org.vmqsc.cli.chaos.ChaosScenario;
import org.vmqsc.cli.chaos.ChaosTable;
import org.vmqsc.cli.chaos.ChaosTarget;
import org.vmqsc.cli.chaos.ClusterCheck;
import org.vmqsc.cli.chaos.CycleResult;
import org.vmqsc.cli.chaos.CycleRunner;
import org.vmqsc.cli.chaos.Fault;
import org.vmqsc.cli.chaos.FaultKind;
import org.vmqsc.cli.chaos.Schedule;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.cluster.Dirs;
import org.vmqsc.sim.scenario.Units;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc chaos}: a real-process cluster (a manager and one hypervisor JVM per host, bank
 * guests) under a seeded random fault schedule, with the cluster check after every cycle
 * ({@link CycleRunner}). Prints one line per cycle, then a table; exit 1 on any violation or
 * stall (with the seed, the schedule and the command that replays it), 2 on bad input. Every
 * process it started is gone when it exits, also on Ctrl-C (a shutdown hook).
 */
@Command(name = "chaos", description = "Runs a local cluster of real processes under a seeded "
    + "random fault schedule, checking every property after each cycle.")
final class ChaosCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--cycles", paramLabel = "N", defaultValue = "10",
      description = "Fault cycles to run (default ${DEFAULT-VALUE}).")
  int cycles;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "Decides the schedule: each cycle's fault, targets and timing (default "
          + "${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--faults", paramLabel = "LIST", defaultValue = "all",
      description = "Fault kinds to draw from, comma-separated, or all (default): "
          + "host-kill, manager-kill, vm-fail, host-pause, manager-pause, kill-in-recovery, "
          + "manager-kill-in-recovery, storage-fail, corrupt-newest; and, by name only, "
          + "corrupt-log (a damaged R8 record makes recovery refuse, counted as a stall).")
  String faults;

  @Option(names = "--hosts", paramLabel = "N", defaultValue = "3",
      description = "Hosts (hypervisor processes), two VMs each, 2..8 (default ${DEFAULT-VALUE}).")
  int hosts;

  @Option(names = "--period", paramLabel = "DURATION", defaultValue = "1s",
      description = "Base period T0, 100ms..60s (default ${DEFAULT-VALUE}).")
  String period;

  @Option(names = "--stall-after", paramLabel = "DURATION", defaultValue = "60s",
      description = "A recovery or check not done within this is a stall (default "
          + "${DEFAULT-VALUE}).")
  String stallAfter;

  @Option(names = "--keep-going", description = "Run the remaining cycles after a stall or "
      + "violation (default: stop at the first).")
  boolean keepGoing;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "The cluster's directory (default: a fresh temporary directory, deleted "
          + "after a passing run).")
  Path dir;

  @Option(names = "--managers", paramLabel = "N", defaultValue = "1",
      description = "Manager processes: 1 (default), or 3 or 5 Ratis replicas (cluster up "
          + "--managers); leader-kill then kills the leader.")
  int managers;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  @Mixin StorageOption storage;

  static final long LATE_JOIN_MILLIS = 60_000;

  private ChaosProcesses procs;

  @Override
  public Integer call() throws Exception {
    List<FaultKind> kinds = kinds();
    long periodMillis = millis("--period", period, 100, 60_000);
    long stallMillis = millis("--stall-after", stallAfter, 1_000, 3_600_000);
    range("--cycles", cycles, 1, 100_000);
    range("--hosts", hosts, 2, 8);
    storage.check();
    List<Fault> schedule = Schedule.draw(seed, cycles, kinds, hosts,
        ChaosScenario.VMS_PER_HOST, periodMillis);
    boolean temp = dir == null;
    ClusterDir cd = new ClusterDir(temp ? Files.createTempDirectory("vmqsc-chaos-") : dir);
    if (Files.exists(cd.config())) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--dir " + cd.dir
          + " already holds a cluster (choose an empty or new directory)");
    }
    Files.createDirectories(cd.dir);
    Path scenario = ChaosScenario.write(cd.dir, hosts, period);
    try {
      org.vmqsc.runtime.cluster.ManagerReplicas.check(managers);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--managers: "
          + e.getMessage());
    }
    List<String> names = new ArrayList<>();
    if (managers == 1) {
      names.add(ClusterDir.MANAGER);
    }
    for (int m = 0; managers > 1 && m < managers; m++) {
      names.add(ClusterDir.replicaName(m));
    }
    for (int h = 0; h < hosts; h++) {
      names.add(ClusterDir.hostName(h));
    }
    procs = new ChaosProcesses(cd, names);
    Thread hook = new Thread(procs::close, "vmqsc-chaos-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    int code;
    try {
      code = campaign(cd, scenario, schedule, kinds, stallMillis);
    } finally {
      procs.close();
      storage.close(); // after the processes: they write to it until they stop
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook runs anyway
      }
    }
    if (!procs.survivors().isEmpty()) {
      spec.commandLine().getErr().println("vmqsc: processes still running after chaos: "
          + procs.survivors().stream().map(p -> Long.toString(p.pid())).toList());
      code = Math.max(code, 1);
    }
    if (code == 0 && temp) {
      Dirs.deleteTree(cd.dir);
    } else {
      out().println("cluster directory kept: " + cd.dir + " (logs: *.log)");
    }
    return code;
  }

  private int campaign(ClusterDir cd, Path scenario, List<Fault> schedule, List<FaultKind> kinds,
      long stallMillis) throws Exception {
    PrintWriter progress = json ? spec.commandLine().getErr() : out();
    List<String> args = new ArrayList<>(List.of("cluster", "up", "--scenario",
        scenario.toString(), "--dir", cd.dir.toString(), "--period", period, "--memory-image",
        "64KiB", "--managers", Integer.toString(managers)));
    args.addAll(storage.clusterUpArgs(cd.dir));
    int up = Main.commandLine().setOut(progress).setErr(spec.commandLine().getErr())
        .execute(args.toArray(String[]::new));
    procs.adopt();
    if (up == 2) {
      return 2;
    }
    ClusterSpec cs = cd.spec();
    if (cs.s3() != null) {
      progress.println("chaos: stable storage: " + cs.s3()
          + (storage.embedded() != null ? ", s3proxy in this process" : ""));
    }
    List<CycleResult> results = new ArrayList<>();
    try (ClusterClient client = cd.client(cs)) {
      if (up != 0 && !lateJoin(client, cs, progress)) {
        spec.commandLine().getErr().println("vmqsc: chaos: cluster up failed (exit " + up
            + "); see " + cd.dir + "/*.log");
        return ErrorHandling.RUNTIME_FAILURE;
      }
      CycleRunner runner = new CycleRunner(new ChaosTarget(cd, cs, client), procs,
          ClusterCheck.standard(), stallMillis);
      if (!runner.warmUp(2)) {
        spec.commandLine().getErr().println("vmqsc: chaos: the durable line did not reach 2 "
 + "within 60 s; see " + cd.dir + "/*.log");
        return ErrorHandling.RUNTIME_FAILURE;
      }
      if (!runner.restartedInWarmUp().isEmpty()) {
        progress.println("chaos: restarted before the first cycle (died or fenced while the "
            + "cluster started): " + runner.restartedInWarmUp());
      }
      for (Fault f : schedule) {
        CycleResult r = runner.run(f);
        results.add(r);
        progress.println(r.line(cycles));
        progress.flush();
        if (r.failed() && !keepGoing) {
          break;
        }
      }
    }
    return report(new ChaosTable(kinds, results), schedule, results);
  }

  /**
   * {@code cluster up} gives up after 30 s; on a loaded machine (JVMs starting slowly) chaos
   * waits {@link #LATE_JOIN_MILLIS} more for processes that are still running to join.
   */
  private boolean lateJoin(ClusterClient client, ClusterSpec cs, PrintWriter progress)
      throws InterruptedException {
    for (String name : ClusterDir.names(cs)) {
      if (!procs.alive(name)) {
        return false;
      }
    }
    progress.println("chaos: waiting up to " + LATE_JOIN_MILLIS / 1000 + " s more for the hosts "
        + "to join");
    progress.flush();
    return ClusterDir.await(() -> client.clusterStatus().getHostsList().stream()
        .allMatch(h -> h.getAlive()), LATE_JOIN_MILLIS);
  }

  private int report(ChaosTable table, List<Fault> schedule, List<CycleResult> results) {
    boolean failed = table.stalls() > 0 || table.violations() > 0;
    String replay = "vmqsc chaos --seed " + seed + " --cycles " + cycles + " --faults " + faults
        + " --hosts " + hosts + " --period " + period + storage.forShell();
    if (json) {
      var o = table.json();
      o.put("seed", seed);
      o.put("hosts", hosts);
      o.put("period", period);
      o.put("storage", storage.storage);
      o.put("cyclesPlanned", cycles);
      o.put("replay", replay);
      var lines = o.putArray("schedule");
      schedule.forEach(f -> lines.add(f.describe()));
      var outcomes = o.putArray("results");
      results.forEach(r -> outcomes.add(r.line(cycles)));
      Json.print(out(), o);
    } else {
      out().printf("chaos: %d of %d cycles, seed %d, %d hosts, T0 %s%s%n", results.size(),
          cycles, seed, hosts, period, storage.isDir() ? "" : ", storage " + storage.storage);
      table.print(out());
      if (failed) {
        out().println("FAILED: " + table.stalls() + " stall(s), " + table.violations()
            + " violation(s); seed " + seed + "; replay: " + replay);
        out().print("schedule:\n" + Schedule.describe(schedule));
      }
    }
    out().flush();
    return failed ? 1 : 0;
  }

  private List<FaultKind> kinds() {
    try {
      return FaultKind.parse(faults);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--faults: " + e.getMessage());
    }
  }

  private long millis(String option, String text, long min, long max) {
    BigDecimal ms = Units.millis(text);
    if (ms == null || ms.compareTo(BigDecimal.valueOf(min)) < 0
        || ms.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": '" + text
          + "' is not a duration in " + min + "ms.." + max / 1000 + "s (" + Units.DURATION_HINT
          + ")");
    }
    return ms.longValue();
  }

  private void range(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + value
          + " is not in " + min + ".." + max);
    }
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
