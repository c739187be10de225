package org.vmqsc.cli;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.manager.ManagerStateFile;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.EpochRequest;
import org.vmqsc.runtime.proto.EpochResponse;
import org.vmqsc.runtime.proto.RuntimeAdminGrpc;
import org.vmqsc.runtime.proto.VmLedger;
import org.vmqsc.runtime.proto.VmStatus;
import org.vmqsc.runtime.transport.Endpoints;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc demo}: the paper's Figure 2 story on real processes. A local cluster (paper-fig2,
 * bank guests) runs a few periods; VM 0 crashes and is restored by its hypervisor; later host 1's
 * process is SIGKILLed just after a tick, while checkpoints staged for lazy writing (R10) are still
 * unwritten, and restarted; the manager recovers it. Traffic then stops and drains, and the demo
 * checks: the bank total (P6), every channel (P2), that the VM failure rolled back no other VM
 * (R9, P3), and that the host failure rolled back to the manager's durable line and no further
 * (R9, D7). Exit 0 when all four hold, 1 otherwise, 2 on bad input. The processes are stopped on
 * every way out (finally and a shutdown hook, by the pid files).
 */
@Command(name = "demo", description = "Runs a local cluster through a VM failure and a host "
    + "crash, then checks the bank total, every channel and the rollback extent.")
final class DemoCommand implements Callable<Integer> {
  static final long STEP_TIMEOUT_MILLIS = 60_000;
  static final String SCENARIO = "paper-fig2";
  static final int FAILED_VM = 0;
  static final int FAILED_HOST = 1;

  static final String CHECK_BANK = "bank total conserved (P6)";
  static final String CHECK_CHANNELS = "every channel: sent == received (P2)";
  static final String CHECK_VM = "VM failure rolled back no other VM (R9)";
  static final String CHECK_HOST = "host failure rolled back to the durable line, no further (D7)";

  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "The cluster's directory (default: a fresh temporary directory).")
  Path dir;

  @Option(names = "--period", paramLabel = "DURATION", defaultValue = "1s",
      description = "Base period T0 (default ${DEFAULT-VALUE}).")
  String period;

  @Option(names = "--keep", description = "Keep the directory (config, logs, storage) after a "
      + "passing run; it is always kept after a failing one and when --dir is given.")
  boolean keep;

  private PrintWriter out;
  private ClusterDir cd;
  private ClusterSpec cs;
  private ClusterClient client;
  private final Map<String, String[]> checks = new LinkedHashMap<>();
  private final List<String> timings = new ArrayList<>();
  private final List<String> extent = new ArrayList<>();
  private final long started = System.currentTimeMillis();

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    boolean temp = dir == null;
    Path d = temp ? Files.createTempDirectory("vmqsc-demo-") : dir;
    cd = new ClusterDir(d);
    if (Files.exists(cd.config())) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--dir " + cd.dir
          + " already holds a cluster (choose an empty or new directory)");
    }
    for (String c : List.of(CHECK_BANK, CHECK_CHANNELS, CHECK_VM, CHECK_HOST)) {
      checks.put(c, new String[] {"FAIL", "not reached"});
    }
    Thread hook = new Thread(this::killByPidFiles, "vmqsc-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    int code;
    try {
      code = run();
    } finally {
      stop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook runs anyway
      }
    }
    if (code == 2) {
      if (temp) {
        deleteTree(cd.dir);
      }
      return 2;
    }
    boolean pass = checks.values().stream().allMatch(c -> c[0].equals("PASS"));
    report(pass);
    if (pass && temp && !keep) {
      deleteTree(cd.dir);
    } else {
      out.println("cluster directory kept: " + cd.dir + " (logs: *.log)");
    }
    return pass ? 0 : 1;
  }

  /** The story; returns 2 on bad input, else 0 (the checks say how it went). */
  private int run() throws Exception {
    int up = nested("cluster", "up", "--scenario", SCENARIO, "--dir", cd.dir.toString(),
        "--period", period, "--memory-image", "64KiB");
    if (up != 0) {
      if (up == 2) {
        return 2;
      }
      abort("cluster up failed (exit " + up + ")");
      return 0;
    }
    cs = cd.spec();
    client = cd.client(cs);
    long t0 = cs.basePeriodMillis();
    long lazy = cs.lazyDelayMillis();
    step("T0 %d ms, lazy delay %d ms, VM restart %d ms, heartbeat timeout %d ms", t0, lazy,
        cs.vmRestartMillis(), cs.heartbeatTimeoutMillis());
    if (!await(() -> client.clusterStatus().getDurableLine() >= 4, "durable line 4")) {
      return 0;
    }
    step("running: %s", lines(client.clusterStatus()));

    // VM failure: only VM 0 may be touched.
    vmFailure();

    // Host failure, just after a tick while the lazy writes of the last checkpoints are pending.
    if (!hostFailure(t0, lazy)) {
      return 0;
    }
    int line = client.clusterStatus().getDurableLine();
    if (!await(() -> client.clusterStatus().getDurableLine() >= line + 2,
        "durable line moving on after the recovery (" + line + " + 2)")) {
      return 0;
    }
    step("running again: %s", lines(client.clusterStatus()));

    // Drain and check P6 and P2.
    client.setTraffic(false);
    long off = System.currentTimeMillis();
    step("traffic off; waiting for the cluster to go quiet");
    boolean quiet = ClusterDir.await(() -> ClusterClient.checkQuiet(client.allLedgers(), cs)
        .isEmpty(), STEP_TIMEOUT_MILLIS);
    step("%s after %d ms", quiet ? "quiet" : "not quiet", System.currentTimeMillis() - off);
    checkLedgers(client.allLedgers());
    return 0;
  }

  private void vmFailure() throws Exception {
    ClusterStatusResponse before = client.clusterStatus();
    Map<Integer, VmStatus> st0 = statuses();
    Map<Integer, VmLedger> led0 = ledgers();
    int hist0 = rollbackHistory().size();
    long failAt = System.currentTimeMillis();
    client.failVm(FAILED_VM);
    step("vm %d failed (line %s)", FAILED_VM, lines(before));
    List<String> problems = new ArrayList<>();
    long[] upAt = {-1};
    long deadline = failAt + STEP_TIMEOUT_MILLIS;
    // Watch everybody while VM 0 is down and restored: no other VM may go down or change.
    while (System.currentTimeMillis() < deadline) {
      Map<Integer, VmStatus> st = statuses();
      for (VmStatus v : st.values()) {
        if (v.getVm() != FAILED_VM && !v.getUp()) {
          problems.add("vm " + v.getVm() + " seen down");
        }
      }
      VmStatus failed = st.get(FAILED_VM);
      if (failed != null && failed.getUp() && System.currentTimeMillis() - failAt > 50) {
        upAt[0] = System.currentTimeMillis();
        break;
      }
      Thread.sleep(20);
    }
    if (upAt[0] < 0) {
      checks.put(CHECK_VM, new String[] {"FAIL", "vm " + FAILED_VM + " not up again within "
          + STEP_TIMEOUT_MILLIS / 1000 + " s"});
      return;
    }
    timings.add(String.format("VM %d: down to up again in %d ms (restart delay %d ms)",
        FAILED_VM, upAt[0] - failAt, cs.vmRestartMillis()));
    step("vm %d up again after %d ms", FAILED_VM, upAt[0] - failAt);
    Thread.sleep(2 * cs.basePeriodMillis()); // let the replayed execution go on a while
    ClusterStatusResponse after = client.clusterStatus();
    Map<Integer, VmStatus> st1 = statuses();
    Map<Integer, VmLedger> led1 = ledgers();
    for (int v = 0; v < cs.topology().vms(); v++) {
      if (v == FAILED_VM) {
        continue;
      }
      if (after.getIncarnation(v) != before.getIncarnation(v)) {
        problems.add("vm " + v + ": manager's incarnation " + before.getIncarnation(v) + " -> "
            + after.getIncarnation(v));
      }
      VmStatus a = st0.get(v);
      VmStatus b = st1.get(v);
      if (a.getIncarnation() != b.getIncarnation()) {
        problems.add("vm " + v + ": incarnation " + a.getIncarnation() + " -> "
            + b.getIncarnation());
      }
      if (b.getIndex() < a.getIndex()) {
        problems.add("vm " + v + ": index went back " + a.getIndex() + " -> " + b.getIndex());
      }
      VmLedger la = led0.get(v);
      VmLedger lb = led1.get(v);
      for (int p = 0; p < cs.topology().vms(); p++) {
        if (lb.getSentCount(p) < la.getSentCount(p) || lb.getRecvCount(p) < la.getRecvCount(p)) {
          problems.add("vm " + v + ": ledger counts with vm " + p + " went back (restored)");
        }
      }
    }
    if (after.getRecoveries() != before.getRecoveries()) {
      problems.add("the manager ran a host recovery");
    }
    List<int[]> hist1 = rollbackHistory();
    if (hist1.size() != hist0) {
      problems.add("the manager recorded " + (hist1.size() - hist0) + " rollback(s)");
    }
    extent.add(String.format("VM failure: rolled back only vm %d (restored by its own hypervisor "
        + "from its checkpoint and log); vm %d incarnation %d -> %d; other VMs' incarnations %s "
        + "unchanged",
        FAILED_VM, FAILED_VM, st0.get(FAILED_VM).getIncarnation(),
        st1.get(FAILED_VM).getIncarnation(), incarnations(after, FAILED_VM)));
    checks.put(CHECK_VM, problems.isEmpty()
        ? new String[] {"PASS", "vms " + others(FAILED_VM) + ": never down, incarnations, "
            + "indices and ledgers unchanged or moving forward; no manager rollback"}
        : new String[] {"FAIL", String.join("; ", new TreeSet<>(problems))});
  }

  /** False when the run cannot go on. */
  private boolean hostFailure(long t0, long lazy) throws Exception {
    EpochResponse epoch = epoch();
    long e = epoch.getStartEpochMillis();
    // Kill a quarter of the way into the shorter of T0 and the lazy delay, after the next tick.
    long offset = Math.max(1, Math.min(t0, lazy) / 4);
    long now = System.currentTimeMillis();
    long tick = (now - e) / t0 + 1;
    long killAt = e + tick * t0 + offset;
    Thread.sleep(Math.max(0, killAt - System.currentTimeMillis()));
    ClusterStatusResponse before = client.clusterStatus();
    int durableAtKill = before.getDurableLine();
    int hist0 = rollbackHistory().size();
    Optional<ProcessHandle> p = cd.process(ClusterDir.hostName(FAILED_HOST));
    if (p.isEmpty()) {
      abort("host " + FAILED_HOST + " is not running");
      return false;
    }
    long killed = System.currentTimeMillis();
    p.get().destroyForcibly(); // SIGKILL
    p.get().onExit().get(5, TimeUnit.SECONDS);
    long sinceTick = killed - e - ((killed - e) / t0) * t0;
    long lastTick = (killed - e) / t0;
    // Checkpoints staged at ticks x with e + x*T0 + lazy > killed were not written yet (R10).
    long firstPending = Math.max(0, (killed - lazy - e) / t0 + 1);
    step("host %d killed (pid %d, SIGKILL) %d ms after tick %d; by the lazy delay the "
        + "checkpoints staged at ticks %d..%d were not yet written; manager's lines at the kill: "
        + "%s", FAILED_HOST,
        p.get().pid(), sinceTick, lastTick, firstPending, lastTick, lines(before));
    if (!await(() -> !client.clusterStatus().getHosts(FAILED_HOST).getAlive(),
        "host " + FAILED_HOST + " seen failed")) {
      return false;
    }
    long detected = System.currentTimeMillis();
    ClusterStatusResponse seen = client.clusterStatus();
    int recoveries0 = seen.getRecoveries();
    step("manager saw host %d fail after %d ms; lines %s; restarting it", FAILED_HOST,
        detected - killed, lines(seen));
    cd.launch(ClusterDir.hostName(FAILED_HOST), List.of("hypervisor", "--id",
        Integer.toString(FAILED_HOST), "--config", cd.config().toString()));
    int[] durableBeforeRecovery = {seen.getDurableLine()}; // the last one seen before it ran
    if (!await(() -> {
      ClusterStatusResponse s = client.clusterStatus();
      if (s.getRecoveries() == recoveries0) {
        durableBeforeRecovery[0] = s.getDurableLine();
      }
      return s.getRecoveries() > recoveries0 && s.getHosts(FAILED_HOST).getAlive();
    }, "host " + FAILED_HOST + " recovered")) {
      return false;
    }
    long recovered = System.currentTimeMillis();
    ClusterStatusResponse after = client.clusterStatus();
    timings.add(String.format("host %d: kill to recovered in %d ms (failure noticed after %d ms, "
        + "then restart and recovery %d ms)", FAILED_HOST, recovered - killed, detected - killed,
        recovered - detected));
    step("host %d recovered after %d ms; lines %s", FAILED_HOST, recovered - killed,
        lines(after));
    Matcher logged = recoveredLogLine();
    if (logged != null && logged.group(3) != null) {
      timings.add("host " + FAILED_HOST + ": the manager's recovery itself (phases 1-5, from its "
          + "log): " + logged.group(3) + " ms");
    }

    // The recovery's line and rollback set: the manager's durable rollback history, else its log.
    List<int[]> hist = rollbackHistory();
    Map<Integer, Integer> rolled = new TreeMap<>(); // vm -> line
    for (int[] r : hist.subList(Math.min(hist0, hist.size()), hist.size())) {
      rolled.put(r[0], r[2]);
    }
    String source = "manager.state rollback history";
    Integer line = rolled.isEmpty() ? null : rolled.values().iterator().next();
    if (rolled.isEmpty()) {
      Matcher m = recoveredLogLine();
      if (m != null) {
        line = Integer.parseInt(m.group(1));
        for (String v : m.group(2).split("[,\\s]+")) {
          if (!v.isBlank()) {
            rolled.put(Integer.parseInt(v.trim()), line);
          }
        }
        source = "manager.log";
      }
    }
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (line == null) {
      // The exact line is not observable: fall back on incarnations and the durable line.
      source = "not observable";
      for (int v = 0; v < cs.topology().vms(); v++) {
        if (after.getIncarnation(v) != before.getIncarnation(v)) {
          rolled.put(v, -1);
        }
      }
      if (after.getDurableLine() < durableAtKill) {
        problems.add("durable line went back " + durableAtKill + " -> " + after.getDurableLine());
      }
      notes.add("the exact recovery line was not observable (no rollback history, no log line)");
    } else {
      int l = line;
      if (rolled.values().stream().anyMatch(x -> x != l)) {
        problems.add("rollbacks to different lines " + rolled);
      }
      // The manager's durable line when the recovery started: its log, else the last polled.
      Integer atStart = recoveringLogLine();
      int expected = atStart != null ? atStart : durableBeforeRecovery[0];
      if (l != durableAtKill) {
        if (l == expected && l > durableAtKill) {
          notes.add("the manager's durable line moved " + durableAtKill + " -> " + l + " after "
              + "the kill, before the recovery started (lazy writes that completed around the "
              + "kill were confirmed late); the recovery used the line of that moment");
        } else {
          problems.add("recovery line " + l + " != durable line at the kill " + durableAtKill
              + " (manager's durable line when recovery started: " + expected + ")");
        }
      }
      if (l > before.getTakenLine()) {
        problems.add("recovery line " + l + " is past the taken line at the kill "
            + before.getTakenLine());
      }
    }
    for (int v = 0; v < cs.topology().vms(); v++) {
      boolean onHost = cs.topology().hostOf(v) == FAILED_HOST;
      int i0 = before.getIncarnation(v);
      int i1 = after.getIncarnation(v);
      if (onHost && !rolled.containsKey(v)) {
        problems.add("vm " + v + " of host " + FAILED_HOST + " not rolled back");
      }
      if (rolled.containsKey(v) && i1 != i0 + 1) {
        problems.add("vm " + v + ": incarnation " + i0 + " -> " + i1 + " (expected " + (i0 + 1)
            + ")");
      }
      if (!rolled.containsKey(v) && i1 != i0) {
        problems.add("vm " + v + " not in the rollback set but incarnation " + i0 + " -> " + i1);
      }
    }
    extent.add(String.format("host failure: rolled back vms %s to line %s (durable line at the "
        + "kill %d; source: %s); incarnations %s", rolled.keySet(), line == null ? "?" : line,
        durableAtKill, source, incarnations(after, -1)));
    String detail = "recovery line " + (line == null ? "?" : line) + ", durable line at the kill "
        + durableAtKill + ", rolled back " + rolled.keySet()
        + (notes.isEmpty() ? "" : "; note: " + String.join("; ", notes));
    checks.put(CHECK_HOST, problems.isEmpty() ? new String[] {"PASS", detail}
        : new String[] {"FAIL", String.join("; ", problems) + " (" + detail + ")"});
    return true;
  }

  private void checkLedgers(List<VmLedger> ledgers) {
    int n = cs.topology().vms();
    VmLedger[] byVm = new VmLedger[n];
    for (VmLedger l : ledgers) {
      byVm[l.getVm()] = l;
    }
    List<String> down = new ArrayList<>();
    long total = 0;
    for (int v = 0; v < n; v++) {
      if (byVm[v] == null || !byVm[v].getUp()) {
        down.add("vm " + v + " is not up");
      } else {
        total += byVm[v].getBalance();
      }
    }
    if (!down.isEmpty()) {
      checks.put(CHECK_BANK, new String[] {"FAIL", String.join("; ", down)});
      checks.put(CHECK_CHANNELS, new String[] {"FAIL", String.join("; ", down)});
      return;
    }
    long expected = cs.initialBalance() * n;
    checks.put(CHECK_BANK, !cs.bank() ? new String[] {"FAIL", "not a bank workload"}
        : total == expected ? new String[] {"PASS", "total " + total + " = " + n + " x "
            + cs.initialBalance()}
        : new String[] {"FAIL", "total " + total + " != " + expected});
    List<String> bad = new ArrayList<>();
    long messages = 0;
    int channels = 0;
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        int sent = byVm[a].getSentCount(b);
        int received = byVm[b].getRecvCount(a);
        if (a != b) {
          channels++;
          messages += sent;
        }
        if (sent != received) {
          bad.add(a + "->" + b + ": sent " + sent + ", received " + received);
        }
      }
    }
    checks.put(CHECK_CHANNELS, bad.isEmpty()
        ? new String[] {"PASS", channels + " channels, " + messages + " messages, none lost, "
            + "none twice"}
        : new String[] {"FAIL", String.join("; ", bad)});
  }

  private void report(boolean pass) {
    out.println();
    out.println("== vmqsc demo report (" + SCENARIO + ", T0 " + (cs == null ? period
        : cs.basePeriodMillis() + " ms") + ", " + (System.currentTimeMillis() - started) / 1000
        + " s) ==");
    for (Map.Entry<String, String[]> c : checks.entrySet()) {
      out.printf("%s  %s: %s%n", c.getValue()[0], c.getKey(), c.getValue()[1]);
    }
    out.println("recovery times:");
    timings.forEach(t -> out.println("  " + t));
    if (timings.isEmpty()) {
      out.println("  (none measured)");
    }
    out.println("rollback extent:");
    extent.forEach(t -> out.println("  " + t));
    if (extent.isEmpty()) {
      out.println("  (none observed)");
    }
    out.println(pass ? "demo: all checks PASS" : "demo: FAILED");
  }

  /** Ends the story early: the checks not reached stay FAIL; the processes' log tails follow. */
  private void abort(String why) {
    out.println("demo: aborted: " + why);
    for (String name : cs == null ? List.of("manager") : ClusterDir.names(cs)) {
      Path log = cd.log(name);
      try {
        if (Files.isRegularFile(log)) {
          List<String> all = Files.readAllLines(log);
          out.println("--- " + log + " (last 15 lines)");
          all.subList(Math.max(0, all.size() - 15), all.size()).forEach(out::println);
        }
      } catch (IOException e) {
        out.println("(cannot read " + log + ": " + e.getMessage() + ")");
      }
    }
  }

  private boolean await(java.util.function.BooleanSupplier cond, String what)
      throws InterruptedException {
    long t = System.currentTimeMillis();
    if (ClusterDir.await(cond, STEP_TIMEOUT_MILLIS)) {
      return true;
    }
    String lines;
    try {
      lines = lines(client.clusterStatus());
    } catch (RuntimeException e) {
      lines = "manager does not answer";
    }
    abort("timed out after " + (System.currentTimeMillis() - t) / 1000 + " s waiting for "
        + what + " (" + lines + ")");
    return false;
  }

  private void step(String format, Object... args) {
    out.printf("[%6.1f s] %s%n", (System.currentTimeMillis() - started) / 1000.0,
        String.format(format, args));
    out.flush();
  }

  private static String lines(ClusterStatusResponse s) {
    return "taken " + s.getTakenLine() + ", durable " + s.getDurableLine();
  }

  private String others(int except) {
    List<Integer> vms = new ArrayList<>();
    for (int v = 0; v < cs.topology().vms(); v++) {
      if (v != except) {
        vms.add(v);
      }
    }
    return vms.toString();
  }

  private String incarnations(ClusterStatusResponse s, int except) {
    List<String> r = new ArrayList<>();
    for (int v = 0; v < s.getIncarnationCount(); v++) {
      if (v != except) {
        r.add(v + ":" + s.getIncarnation(v));
      }
    }
    return r.toString();
  }

  private Map<Integer, VmStatus> statuses() {
    Map<Integer, VmStatus> m = new TreeMap<>();
    for (int h = 0; h < cs.topology().hosts(); h++) {
      for (VmStatus v : client.status(h).getVmsList()) {
        m.put(v.getVm(), v);
      }
    }
    return m;
  }

  private Map<Integer, VmLedger> ledgers() {
    Map<Integer, VmLedger> m = new TreeMap<>();
    for (VmLedger l : client.allLedgers()) {
      m.put(l.getVm(), l);
    }
    return m;
  }

  /** The manager's durable rollback history: {vm, incarnation, line} per rollback. */
  private List<int[]> rollbackHistory() {
    List<int[]> r = new ArrayList<>();
    Path f = cd.dir.resolve(ManagerStateFile.FILE_NAME);
    try {
      if (Files.isRegularFile(f)) {
        // the manager's own reader: a format change cannot silently empty this check
        for (var rb : ManagerStateFile.load(f, cs.topology().vms()).history()) {
          r.add(new int[] {rb.vm(), rb.incarnation(), rb.line()});
        }
      }
    } catch (IOException e) {
      // replaced while we read: treated as not observable
    }
    return r;
  }

  /** The manager's last "recovered hosts [..]: line L, rolled back [..]" log line, if any. */
  private Matcher recoveredLogLine() {
    Pattern p = Pattern.compile(
        "recovered hosts \\[[^]]*\\]: line (\\d+), rolled back \\[([^]]*)\\](?:, (\\d+) ms)?");
    Matcher last = null;
    try {
      for (String line : Files.readAllLines(cd.log("manager"))) {
        Matcher m = p.matcher(line);
        if (m.find()) {
          last = m;
        }
      }
    } catch (IOException e) {
      return null;
    }
    return last;
  }

  /** L from the manager's last "recovering hosts [..] to durable line L" log line, if any. */
  private Integer recoveringLogLine() {
    Pattern p = Pattern.compile("recovering hosts \\[[^]]*\\] to durable line (\\d+)");
    Integer last = null;
    try {
      for (String line : Files.readAllLines(cd.log("manager"))) {
        Matcher m = p.matcher(line);
        if (m.find()) {
          last = Integer.parseInt(m.group(1));
        }
      }
    } catch (IOException e) {
      return null;
    }
    return last;
  }

  private EpochResponse epoch() throws IOException, InterruptedException {
    ManagedChannel ch = Endpoints.channel(cs.managerAddress(),
        ClusterSecret.load(cs.secretFile()), Endpoints.DEFAULT_MAX_FRAME_BYTES);
    try {
      return RuntimeAdminGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
          .epoch(EpochRequest.getDefaultInstance());
    } finally {
      ch.shutdownNow();
      ch.awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  /** Runs another vmqsc command in this process, writing where this one writes. */
  private int nested(String... args) {
    return Main.commandLine().setOut(spec.commandLine().getOut())
        .setErr(spec.commandLine().getErr()).execute(args);
  }

  /** Stops the cluster: cluster down (hosts first), then SIGKILL what a pid file still names. */
  private void stop() {
    if (client != null) {
      try {
        client.close();
      } catch (Exception | Error e) {
        // closing anyway
      }
    }
    if (cs != null) {
      try {
        nested("cluster", "down", "--dir", cd.dir.toString());
      } catch (RuntimeException e) {
        // the pid files below
      }
    }
    killByPidFiles();
  }

  private void killByPidFiles() {
    if (!Files.isDirectory(cd.dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(cd.dir)) {
      for (Path f : files.filter(x -> x.toString().endsWith(".pid")).toList()) {
        try {
          ProcessHandle.of(Long.parseLong(Files.readString(f).trim())).ifPresent(p -> {
            p.destroyForcibly();
            try {
              p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
              // best effort
            }
          });
        } catch (IOException | NumberFormatException e) {
          // a half-written pid file: nothing to kill
        }
      }
    } catch (IOException e) {
      // the directory went away
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
