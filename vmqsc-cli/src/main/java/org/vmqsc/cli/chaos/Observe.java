package org.vmqsc.cli.chaos;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.HostLiveness;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * What chaos reads of the cluster to time a recovery: the manager's status (liveness, joins,
 * lines) and the guests' ledgers (is every VM up). These decide only WHEN to run the check; the
 * check itself ({@link ClusterCheck}) judges the outcome.
 */
final class Observe {
  static final long POLL_MILLIS = 50;
  /** How long a read before a fault goes in waits for an answer. */
  static final long ANSWER_MILLIS = 30_000;

  private final ChaosTarget t;

  Observe(ChaosTarget t) {
    this.t = t;
  }

  ClusterStatusResponse status() {
    return t.client().clusterStatus();
  }

  /**
   * A host's join count, asked again while the manager does not answer (busy in a recovery, or
   * slow on a loaded machine) for up to {@link #ANSWER_MILLIS}.
   */
  int joins(int host) throws InterruptedException {
    return retry(() -> status().getHosts(host).getJoins());
  }

  /** The manager's status, asked again while it does not answer, up to {@link #ANSWER_MILLIS}. */
  ClusterStatusResponse statusRetried() throws InterruptedException {
    return retry(this::status);
  }

  /** {@code read}, or null when it did not answer within {@code millis} (it is not waited for). */
  static <T> T quick(java.util.function.Supplier<T> read, long millis) {
    try {
      return java.util.concurrent.CompletableFuture.supplyAsync(read)
          .get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return null;
    }
  }

  private static <T> T retry(java.util.function.Supplier<T> read) throws InterruptedException {
    long deadline = System.currentTimeMillis() + ANSWER_MILLIS;
    while (true) {
      try {
        return read.get();
      } catch (RuntimeException e) {
        if (System.currentTimeMillis() >= deadline) {
          throw e;
        }
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  int durableLine() {
    return status().getDurableLine();
  }

  /** The durable line now, or {@code otherwise} when the manager does not answer. */
  int durableLineOr(int otherwise) {
    try {
      return durableLine();
    } catch (RuntimeException e) {
      return otherwise;
    }
  }

  /** Every host alive and not awaiting recovery, every VM up; false when something does not answer. */
  boolean healthy() {
    try {
      ClusterStatusResponse s = status();
      for (HostLiveness h : s.getHostsList()) {
        if (!h.getAlive() || h.getAwaitingRecovery()) {
          return false;
        }
      }
      List<VmLedger> ledgers = t.client().allLedgers();
      return ledgers.size() == t.spec().topology().vms()
          && ledgers.stream().allMatch(VmLedger::getUp);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** One VM's ledger as its host reports it, or null when it cannot be read now. */
  VmLedger ledger(int vm) {
    try {
      return t.client().allLedgers().stream().filter(l -> l.getVm() == vm).findFirst()
          .orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A short account of the cluster for a stall's report. */
  String describe() {
    try {
      ClusterStatusResponse s = status();
      StringBuilder b = new StringBuilder("taken " + s.getTakenLine() + ", durable "
          + s.getDurableLine() + ", recoveries " + s.getRecoveries());
      for (HostLiveness h : s.getHostsList()) {
        b.append(", host ").append(h.getHost()).append(h.getAlive() ? " alive" : " FAILED")
            .append(h.getAwaitingRecovery() ? " awaiting recovery" : "");
      }
      return b.toString();
    } catch (RuntimeException e) {
      return "the manager does not answer (" + e.getMessage() + ")";
    }
  }

  /** Polls {@code cond} (a failing call counts as false) until it holds or the deadline passes. */
  static boolean until(BooleanSupplier cond, long deadlineMillis) throws InterruptedException {
    while (true) {
      try {
        if (cond.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException e) {
        // not answering yet
      }
      if (System.currentTimeMillis() >= deadlineMillis) {
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
