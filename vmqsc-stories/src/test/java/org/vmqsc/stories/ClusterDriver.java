package org.vmqsc.stories;

import java.util.List;
import org.vmqsc.core.config.Rules;

/**
 * A cluster of the paper's Figure 2 (four VMs with bank guests on two hosts) as a recovery story
 * sees it, whatever runs it: the simulator, manager and hypervisor nodes in this JVM, or real
 * processes. A story fails VMs and hosts, lets time pass and then judges the outcome from what the
 * guests hold (their balances and per-peer ledgers), never from the system's own account of itself.
 * Calls block until what they ask for has happened, or fail the story after a bounded wait.
 */
interface ClusterDriver extends AutoCloseable {
  /**
   * How a story wants its cluster: which protocol, when a failed host's VMs move elsewhere, and
   * which rules hold (all, except in a test that breaks one on purpose; only the simulator can).
   */
  record Setup(String protocol, long relocateAfterMillis, Rules rules) {
    static final long NEVER = -1;

    static Setup of(String protocol) {
      return new Setup(protocol, NEVER, Rules.ALL);
    }

    Setup relocatingAfter(long millis) {
      return new Setup(protocol, millis, rules);
    }

    Setup breaking(Rules broken) {
      return new Setup(protocol, relocateAfterMillis, broken);
    }
  }

  /** What one guest holds: its balance and, per peer VM, how many messages it sent and received. */
  record GuestView(int vm, long balance, int[] sent, int[] received) {
    int receivedTotal() {
      int n = 0;
      for (int r : received) {
        n += r;
      }
      return n;
    }
  }

  /** Starts a cluster for one story. */
  interface Factory {
    String name();

    ClusterDriver start(Setup setup) throws Exception;

    /** Whether this driver can run {@code protocol} with failures. */
    boolean recovers(String protocol);

    /** Whether the manager can fail here (the simulator leaves it out, as the paper does). */
    default boolean managerFails() {
      return true;
    }
  }

  int vms();

  int hosts();

  /** The host that runs {@code vm} now. */
  int hostOf(int vm);

  /** Lets the cluster run until the manager's durable line is at least {@code line}. */
  void awaitDurableLine(int line) throws Exception;

  /** Lets the cluster run for about {@code periods} base periods. */
  void runPeriods(int periods) throws Exception;

  /** VM {@code vm} crashes; its hypervisor lives on. Returns once the VM runs again. */
  void failVmAndAwaitRestore(int vm) throws Exception;

  /** Host {@code host} crashes with its hypervisor and VMs (staged writes lost). */
  void failHost(int host) throws Exception;

  /** Lets the cluster run until host {@code host} holds checkpoints not yet durable (R10). */
  void awaitWritesPending(int host) throws Exception;

  /**
   * The checkpoint VM {@code vm} stands on in the manager's durable line is found damaged when
   * read back, as a bit flipped on disk is (D15).
   */
  void damageCheckpointOfDurableLine(int vm) throws Exception;

  /**
   * Whether the last host recovery fell back past a line it found damaged (D15), as the manager
   * reports it: a story asks this only to know that what it set up happened.
   */
  boolean lastRecoveryFellBack() throws Exception;

  /** The failed hosts come back; returns once the manager recovered their VMs and all run. */
  void restartHosts(int... hosts) throws Exception;

  /** Waits until every VM of the failed host {@code host} runs on another, live host. */
  void awaitRelocated(int host) throws Exception;

  /** The manager dies and a new one takes up its durable state. */
  void restartManager() throws Exception;

  /** Every guest as it is now (the VMs must all be up). */
  List<GuestView> guests() throws Exception;

  /**
   * Stops the guests' traffic, lets everything in flight land and returns the guests then. A
   * driver that sees more (the simulator's oracle) adds what it found to {@link #violations}.
   */
  List<GuestView> quiesce() throws Exception;

  /** Violations a driver's own checker found beyond what the guests show (empty if it has none). */
  List<String> violations();

  /** The initial balance of every bank guest. */
  long initialBalance();
}
