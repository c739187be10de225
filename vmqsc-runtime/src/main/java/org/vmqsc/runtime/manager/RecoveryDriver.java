package org.vmqsc.runtime.manager;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vmqsc.core.model.AckList;
import org.vmqsc.core.protocol.PhaseCall;
import org.vmqsc.core.protocol.VmqscManager;
import org.vmqsc.core.role.HostUnreachableException;
import org.vmqsc.core.role.Recovery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When and how the manager recovers failed hosts (R9, D11, D14), on the manager's loop: once
 * every failed host that runs VMs is back, in place; once one has been away longer than the
 * relocation policy allows, its VMs on the live hosts. A restarted host whose VMs went elsewhere
 * rejoins empty.
 *
 * <p><b>Failed attempts.</b> Under VM_QSC a plan, once chosen, is kept durably and replayed as it
 * is ({@code RecoveryPlan}), and the hosts already called keep holding their traffic until it
 * completes: they are not told the attempt ended. A cause that passes (a host unreachable) is
 * retried with a growing delay and logged at most once a minute; one that cannot pass by itself
 * (a checkpoint missing, a host refusing a phase) is said once, shown in {@code vmqsc status},
 * and waits for the operator: a host joining again, or a manager restart, tries once more.
 */
final class RecoveryDriver {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryDriver.class);
  static final long FIRST_RETRY_MILLIS = 500;
  static final long MAX_RETRY_MILLIS = 15_000;
  static final long LOG_EVERY_MILLIS = 60_000;

  private final ManagerNode node;
  int recoveries;
  /** What the last recovery did, for status (null before the first). */
  Recovery lastRecovery;
  /** Why recovery waits (for the operator, or for its next attempt), for status; null if not. */
  private String problem;
  private boolean blocked;
  private long nextAttemptAt;
  private long retryDelay = FIRST_RETRY_MILLIS;
  private int failedAttempts;
  private long loggedAt = Long.MIN_VALUE;

  RecoveryDriver(ManagerNode node) {
    this.node = node;
  }

  /** Why recovery waits, or null. */
  String problem() {
    return problem;
  }

  /** An operator acted (a host joined again): a recovery that was refused is tried again. */
  void operatorActed() {
    blocked = false;
    nextAttemptAt = 0;
    retryDelay = FIRST_RETRY_MILLIS;
  }

  /** After the liveness check: recover, relocate or rejoin what can be now. */
  void check(long now) {
    Set<Integer> restarted = new TreeSet<>();
    Set<Integer> missing = new TreeSet<>();
    boolean overdue = false;
    for (int h = 0; h < node.hosts.length; h++) {
      HostEntry e = node.hosts[h];
      boolean runsVms = runsVms(h);
      if (e.awaitingRecovery && !runsVms) {
        rejoinEmpty(h);
      } else if (e.awaitingRecovery) {
        restarted.add(h);
      } else if (!e.alive && e.joinedEver && runsVms) {
        missing.add(h);
        overdue |= node.protocol.relocates() && node.spec.relocateAfterMillis() >= 0
            && now - e.failedAt > node.spec.relocateAfterMillis();
      }
    }
    if (blocked || now < nextAttemptAt) {
      return;
    }
    if (!restarted.isEmpty() && missing.isEmpty()) {
      recover(restarted, Map.of());
    } else if (overdue && node.role instanceof VmqscManager v) {
      Map<Integer, Integer> moves = v.lines().placement().relocationTargets(missing,
          this::isLive);
      if (!moves.isEmpty()) {
        Set<Integer> failed = new TreeSet<>(missing);
        failed.addAll(restarted);
        recover(failed, moves);
      }
    }
  }

  private boolean runsVms(int host) {
    for (int v = 0; v < node.topo.vms(); v++) {
      if (node.role.hostOf(v) == host) {
        return true;
      }
    }
    return false;
  }

  /** A host that can take part in a recovery: alive, not itself waiting to be recovered. */
  private boolean isLive(int host) {
    return node.hosts[host].alive && !node.hosts[host].awaitingRecovery;
  }

  /**
   * VM_QSC: acks kept for hosts whose session was not up yet go ahead of the recovery, on the
   * phases' channel: whatever is applied before phase 5 is harmless (D4), what came after could
   * not be. (Other protocols keep them for their next announcement.)
   */
  private void handOverPending() {
    if (!(node.role instanceof VmqscManager)) {
      return;
    }
    for (int h = 0; h < node.hosts.length; h++) {
      HostEntry e = node.hosts[h];
      if (!e.pendingAcks.isEmpty() && node.takesPart(h)) {
        AckList acks = e.pendingAcks;
        e.pendingAcks = new AckList();
        node.calls.call(h, new PhaseCall.HandOver(acks));
      }
    }
  }

  /**
   * A restarted host whose VMs were restarted elsewhere meanwhile (D14): it learns every
   * rollback (incarnations and moves), has no VMs to rebuild, and counts as alive again.
   */
  private void rejoinEmpty(int host) {
    try {
      node.persist();
      node.role.rejoinHost(host);
      node.calls.endRecovery(true);
    } catch (RuntimeException ex) {
      node.calls.endRecovery(false);
      LOG.warn("host {} could not rejoin yet: {}", host, ex.toString());
      return;
    }
    HostEntry e = node.hosts[host];
    e.awaitingRecovery = false;
    e.alive = true;
    e.lastHeard = node.clock.millis();
    LOG.info("host {} rejoined empty: its VMs run elsewhere", host);
    node.event(EventLog.Kind.HOST_REJOINED_EMPTY, host, -1, -1, "host " + host
        + " rejoined empty: its VMs run elsewhere");
    node.persist();
  }

  /**
   * R9, host failure: the five phases, then the restarted hosts count as alive again. VMs in
   * {@code moves} restart on the live host named there (D14).
   */
  private void recover(Set<Integer> failedHosts, Map<Integer, Integer> moves) {
    LOG.info("recovering hosts {} to durable line {}{}", failedHosts,
        node.role.durableLine(), moves.isEmpty() ? "" : ", moving VMs " + moves);
    long t0 = System.currentTimeMillis(); // for the log: how long the phases took, not a decision
    long startNanos = System.nanoTime(); // for the metric, likewise
    if (failedAttempts == 0) { // once per recovery, not per retry
      node.event(EventLog.Kind.RECOVERY_STARTED, -1, -1, node.role.durableLine(),
          "recovering hosts " + failedHosts + " to durable line " + node.role.durableLine()
              + (moves.isEmpty() ? "" : ", moving VMs " + moves));
    }
    Set<Integer> restarted = new TreeSet<>();
    for (int h : failedHosts) {
      if (node.hosts[h].awaitingRecovery) {
        restarted.add(h);
      }
    }
    Recovery plan;
    try {
      // Whatever is decided and not yet saved (a plan chosen by an attempt whose save failed)
      // is saved before any host is called for it; a replay does not save it again.
      node.persist();
      handOverPending();
      plan = moves.isEmpty() ? node.role.recoverHosts(failedHosts)
          : node.role.relocateHosts(failedHosts, moves);
    } catch (RuntimeException ex) {
      attemptFailed(failedHosts, ex);
      return;
    }
    recoveries++;
    node.metrics.recovered(System.nanoTime() - startNanos);
    lastRecovery = plan;
    problem = null;
    failedAttempts = 0;
    retryDelay = FIRST_RETRY_MILLIS;
    if (plan.damagedLine() >= 0) {
      LOG.warn("a checkpoint or log record durable line {} needs is damaged: "
          + "every VM fell back to line {} (D15)", plan.damagedLine(), plan.line());
    }
    LOG.info("recovered hosts {}: line {}, rolled back {}, {} ms", failedHosts,
        plan.line(), plan.rolledBack(), System.currentTimeMillis() - t0);
    recorded(failedHosts, moves, plan, System.currentTimeMillis() - t0);
    node.calls.endRecovery(true);
    long now = node.clock.millis();
    for (HostEntry e : node.hosts) {
      e.lastHeard = now; // the loop was busy: nobody was heard, nobody fell silent
    }
    for (int h : restarted) {
      node.hosts[h].awaitingRecovery = false;
      node.hosts[h].alive = true;
    }
    node.persist();
  }

  /** The history's account of a finished recovery: fall-back (D15), moves (D14), the end. */
  private void recorded(Set<Integer> failedHosts, Map<Integer, Integer> moves, Recovery plan,
      long millis) {
    if (plan.damagedLine() >= 0) {
      node.event(EventLog.Kind.FALLBACK, -1, -1, plan.line(), "line " + plan.damagedLine()
          + " needs a damaged checkpoint or log record: every VM fell back to line "
          + plan.line() + " (D15)");
    }
    moves.forEach((vm, to) -> node.event(EventLog.Kind.RELOCATION, to, vm, plan.line(),
        "vm " + vm + " restarted on host " + to + " (D14)"));
    node.event(EventLog.Kind.RECOVERY_FINISHED, -1, -1, plan.line(), "recovered hosts "
        + failedHosts + ": line " + plan.line() + ", rolled back " + plan.rolledBack() + ", "
        + millis + " ms");
  }

  /**
   * An attempt failed. With a plan under way the hosts called keep holding (they are not told
   * the attempt ended: the replay ends it); without one, nothing was decided and they go on.
   */
  private void attemptFailed(Set<Integer> failedHosts, RuntimeException ex) {
    boolean planUnderWay = node.role instanceof VmqscManager v && v.recovery().pending() != null;
    if (planUnderWay) {
      node.calls.forget();
    } else {
      node.calls.endRecovery(false);
    }
    failedAttempts++;
    node.metrics.recoveryFailed();
    long now = node.clock.millis();
    String why = reason(ex);
    if (failedAttempts == 1 || !transientCause(ex)) {
      node.event(EventLog.Kind.RECOVERY_FAILED, -1, -1, -1, "recovery of hosts " + failedHosts
          + " failed: " + why + (transientCause(ex) ? "; retrying" : "; waiting for the operator"));
    }
    if (transientCause(ex)) {
      nextAttemptAt = now + retryDelay;
      problem = "recovery of hosts " + failedHosts + " failed (" + why + "); retrying, "
          + failedAttempts + " attempt(s) so far";
      if (failedAttempts == 1 || now - loggedAt >= LOG_EVERY_MILLIS) {
        loggedAt = now;
        LOG.warn(problem + "; next in " + retryDelay + " ms"
            + (planUnderWay ? " (same plan; hosts hold meanwhile)" : ""));
      }
      retryDelay = Math.min(MAX_RETRY_MILLIS, retryDelay * 2);
    } else {
      blocked = true;
      problem = "recovery of hosts " + failedHosts + " cannot succeed: " + why
          + "; waiting for the operator";
      LOG.error(problem); // once: nothing retries until a host joins again
    }
    try {
      node.persist();
    } catch (ManagerNode.StateNotSaved notSaved) {
      // said already; what is lost is only the attempt count and the problem's text
    }
  }

  /**
   * A host that could not be reached may be reachable later, and a disk that was full may have
   * room later; anything else will not change.
   */
  private static boolean transientCause(Throwable ex) {
    return ex instanceof HostUnreachableException || ex instanceof ManagerNode.StateNotSaved;
  }

  private static String reason(Throwable ex) {
    String m = ex.getMessage();
    Throwable cause = ex.getCause();
    if (ex instanceof HostUnreachableException && cause != null && cause.getMessage() != null) {
      m = m + ": " + cause.getMessage();
    }
    return m == null ? ex.getClass().getSimpleName() : m;
  }
}
