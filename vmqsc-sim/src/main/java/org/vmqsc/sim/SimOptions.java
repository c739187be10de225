package org.vmqsc.sim;

import org.vmqsc.core.config.Rules;

/**
 * How to run a scenario: which protocol, with or without the oracle, with all rules or some
 * broken on purpose, and an optional progress callback (simulated ms done, simulated ms in all).
 */
public record SimOptions(boolean oracle, Rules rules, Progress progress, String protocol,
    SimListener listener) {
  /** Progress of a long run. */
  public interface Progress {
    void at(long simulatedMillis, long totalMillis);
  }

  public static SimOptions defaults() {
    return new SimOptions(true, Rules.ALL, null, "vmqsc", null);
  }

  public SimOptions withOracle(boolean on) {
    return new SimOptions(on, rules, progress, protocol, listener);
  }

  public SimOptions withRules(Rules r) {
    return new SimOptions(oracle, r, progress, protocol, listener);
  }

  public SimOptions withProgress(Progress p) {
    return new SimOptions(oracle, rules, p, protocol, listener);
  }

  /** Also tell {@code l} everything the protocol does (e.g. to draw a space-time diagram). */
  public SimOptions withListener(SimListener l) {
    return new SimOptions(oracle, rules, progress, protocol, l);
  }

  /** Which protocol to run: see {@link Protocols#names()}. */
  public SimOptions withProtocol(String name) {
    return new SimOptions(oracle, rules, progress, Protocols.require(name), listener);
  }
}
