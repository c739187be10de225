package org.vmqsc.sim;

import java.util.Locale;
import org.vmqsc.core.config.Rules;

/**
 * How to run a scenario: which protocol, with or without the oracle, with all rules or some
 * broken on purpose, an optional progress callback (simulated ms done, simulated ms in all), and
 * how control messages travel.
 */
public record SimOptions(boolean oracle, Rules rules, Progress progress, String protocol,
    SimListener listener, ControlDelay controlDelay) {
  /** Progress of a long run. */
  public interface Progress {
    void at(long simulatedMillis, long totalMillis);
  }

  /**
   * How control messages between the manager and the hypervisors travel: {@code NETWORK} (the
   * default), with the network's delay, and a host recovery also costs its phases' round trips
   * and the storage it reads back (docs/simulator.md); {@code INSTANT}, the paper's idealised
   * model, at once, and a host recovery costs the scenario's restart delays alone.
   */
  public enum ControlDelay {
    INSTANT, NETWORK;

    /** The option's value as typed: {@code instant} or {@code network}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** {@code instant} or {@code network}; else an IllegalArgumentException naming both. */
    public static ControlDelay of(String key) {
      for (ControlDelay d : values()) {
        if (d.key().equals(key)) {
          return d;
        }
      }
      throw new IllegalArgumentException("unknown control delay '" + key
          + "' (known: instant, network)");
    }
  }

  /** All rules, the oracle on, VM_QSC, control messages with the network's delay. */
  public static SimOptions defaults() {
    return new SimOptions(true, Rules.ALL, null, "vmqsc", null, ControlDelay.NETWORK);
  }

  public SimOptions withOracle(boolean on) {
    return new SimOptions(on, rules, progress, protocol, listener, controlDelay);
  }

  public SimOptions withRules(Rules r) {
    return new SimOptions(oracle, r, progress, protocol, listener, controlDelay);
  }

  public SimOptions withProgress(Progress p) {
    return new SimOptions(oracle, rules, p, protocol, listener, controlDelay);
  }

  /** Also tell {@code l} everything the protocol does (e.g. to draw a space-time diagram). */
  public SimOptions withListener(SimListener l) {
    return new SimOptions(oracle, rules, progress, protocol, l, controlDelay);
  }

  /** Which protocol to run: see {@link Protocols#names()}. */
  public SimOptions withProtocol(String name) {
    return new SimOptions(oracle, rules, progress, Protocols.require(name), listener,
        controlDelay);
  }

  /** How control messages travel. */
  public SimOptions withControlDelay(ControlDelay d) {
    return new SimOptions(oracle, rules, progress, protocol, listener, d);
  }
}
