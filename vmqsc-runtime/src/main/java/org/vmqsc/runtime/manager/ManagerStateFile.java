package org.vmqsc.runtime.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.vmqsc.core.protocol.HypervisorPort.Rollback;
import org.vmqsc.core.protocol.Manager;
import org.vmqsc.core.protocol.RecoveryPlan;
import org.vmqsc.core.protocol.VmqscManager;
import org.vmqsc.core.role.ManagerRole;
import org.vmqsc.runtime.cluster.Durable;

/**
 * What the manager keeps durably (D13 is out of the paper's scope, but a restarted manager
 * process must not forget incarnations or move the durable line back): the clock epoch, which
 * hosts have joined, how often each joined ({@code restart host} waits for one more), which
 * restarted hosts still wait to be recovered, and under VM_QSC the core {@code Manager.State}, the
 * rollback history of {@code HostRecovery} and the recovery plan under way, if any
 * ({@code state} null, {@code history} empty and {@code plan} null under another protocol,
 * whose manager role keeps nothing a restart must find). A small text file, one fact per line,
 * replaced atomically.
 */
public record ManagerStateFile(long epochMillis, Manager.State state, List<Rollback> history,
    Set<Integer> joined, int[] joins, Set<Integer> awaiting, RecoveryPlan plan) {
  /** Its name in the cluster directory. */
  public static final String FILE_NAME = "manager.state";

  /** No join counts, no host awaiting recovery, no plan under way. */
  public ManagerStateFile(long epochMillis, Manager.State state, List<Rollback> history,
      Set<Integer> joined) {
    this(epochMillis, state, history, joined, new int[0], Set.of(), null);
  }

  /**
   * The state of {@code role} to keep. VM_QSC's manager is read by its class: its lines and
   * history have no common form among the protocols.
   */
  static ManagerStateFile of(long epochMillis, ManagerRole role, Set<Integer> joined,
      int[] joins, Set<Integer> awaiting) {
    return role instanceof VmqscManager v
        ? new ManagerStateFile(epochMillis, v.lines().state(), v.recovery().history(), joined,
            joins, awaiting, v.recovery().pending())
        : new ManagerStateFile(epochMillis, null, List.of(), joined, joins, awaiting, null);
  }

  /** A restarted manager's role takes up what was kept. */
  void restoreInto(ManagerRole role) {
    if (role instanceof VmqscManager v && state != null) {
      v.lines().restore(state);
      v.recovery().restoreHistory(history);
      v.recovery().restorePending(plan);
    }
  }

  String encode() {
    StringBuilder b = new StringBuilder("vmqsc-manager-state 1\n");
    b.append("epoch ").append(epochMillis).append('\n');
    if (state != null) {
      b.append("taken ").append(state.takenLine()).append('\n');
      b.append("durable ").append(state.durableLine()).append('\n');
      b.append("fallback");
      for (int l : state.fallbackLines()) {
        b.append(' ').append(l);
      }
      b.append('\n');
      b.append("incarnations");
      for (int i : state.incarnation()) {
        b.append(' ').append(i);
      }
      b.append('\n');
    }
    b.append("joined");
    for (int h : new TreeSet<>(joined)) { // sorted: equal states encode equally
      b.append(' ').append(h);
    }
    b.append('\n');
    numbers(b, "joins", java.util.Arrays.stream(joins).boxed().toList());
    numbers(b, "awaiting", new TreeSet<>(awaiting));
    for (Rollback r : history) {
      rollback(b, "rollback", r);
    }
    if (plan != null) {
      b.append("plan ").append(plan.line()).append(' ').append(plan.damagedLine()).append('\n');
      numbers(b, "plan-failed", plan.failedHosts());
      numbers(b, "plan-restored", plan.restored());
      plan.rollbacks().forEach(r -> rollback(b, "plan-rollback", r));
    }
    return b.toString();
  }

  private static void numbers(StringBuilder b, String key, java.util.Collection<Integer> ns) {
    b.append(key);
    ns.forEach(n -> b.append(' ').append(n));
    b.append('\n');
  }

  private static void rollback(StringBuilder b, String key, Rollback r) {
    b.append(key).append(' ').append(r.vm()).append(' ').append(r.incarnation()).append(' ')
        .append(r.line()).append(' ').append(r.host()).append('\n');
  }

  private static Set<Integer> numbers(String[] f) {
    Set<Integer> out = new TreeSet<>();
    for (int i = 1; i < f.length; i++) {
      out.add(Integer.parseInt(f[i]));
    }
    return out;
  }

  private static Rollback rollback(String[] f) {
    return new Rollback(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
        Integer.parseInt(f[4]));
  }

  void save(Path file) throws IOException {
    Durable.write(file, encode());
  }

  /** Reads a state file (also for tools that watch a cluster, such as {@code vmqsc demo}). */
  public static ManagerStateFile load(Path file, int vms) throws IOException {
    return decode(Files.readString(file), file.toString(), vms);
  }

  /** Reads the text of a state, kept at {@code file} (a path, or where a store keeps it). */
  public static ManagerStateFile decode(String text, String file, int vms) throws IOException {
    List<String> lines = text.lines().toList();
    if (lines.isEmpty() || !lines.get(0).equals("vmqsc-manager-state 1")) {
      throw new IOException(file + ": not a manager state file");
    }
    long epoch = -1;
    int taken = 0;
    int durable = 0;
    int[] fallback = new int[0];
    int[] inc = new int[vms];
    boolean hasLines = false;
    Set<Integer> joined = new TreeSet<>();
    List<Rollback> history = new ArrayList<>();
    int[] joins = new int[0];
    Set<Integer> awaiting = new TreeSet<>();
    Integer planLine = null;
    int planDamaged = -1;
    Set<Integer> planFailed = new TreeSet<>();
    Set<Integer> planRestored = new TreeSet<>();
    List<Rollback> planRollbacks = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split(" ");
      switch (f[0]) {
        case "epoch" -> epoch = Long.parseLong(f[1]);
        case "taken" -> {
          taken = Integer.parseInt(f[1]);
          hasLines = true;
        }
        case "durable" -> durable = Integer.parseInt(f[1]);
        case "fallback" -> {
          fallback = new int[f.length - 1];
          for (int i = 1; i < f.length; i++) {
            fallback[i - 1] = Integer.parseInt(f[i]);
          }
        }
        case "incarnations" -> {
          if (f.length - 1 != vms) {
            throw new IOException(file + ": " + (f.length - 1) + " incarnations for " + vms
                + " VMs");
          }
          for (int i = 0; i < vms; i++) {
            inc[i] = Integer.parseInt(f[i + 1]);
          }
        }
        case "joined" -> joined.addAll(numbers(f));
        case "joins" -> joins = java.util.Arrays.stream(f).skip(1).mapToInt(Integer::parseInt)
            .toArray();
        case "awaiting" -> awaiting.addAll(numbers(f));
        case "rollback" -> history.add(rollback(f));
        case "plan" -> {
          planLine = Integer.parseInt(f[1]);
          planDamaged = Integer.parseInt(f[2]);
        }
        case "plan-failed" -> planFailed.addAll(numbers(f));
        case "plan-restored" -> planRestored.addAll(numbers(f));
        case "plan-rollback" -> planRollbacks.add(rollback(f));
        default -> throw new IOException(file + ": unknown line \"" + line + "\"");
      }
    }
    RecoveryPlan plan = planLine == null ? null
        : new RecoveryPlan(planLine, planFailed, planRestored, planRollbacks, planDamaged);
    return new ManagerStateFile(epoch,
        hasLines ? new Manager.State(taken, durable, fallback, inc) : null, history, joined,
        joins, awaiting, plan);
  }
}
