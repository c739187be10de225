package org.vmqsc.cli.chaos;

import java.util.List;
import org.vmqsc.runtime.cluster.ClusterClient;

/**
 * The properties checked after every chaos cycle, once traffic is off. Chaos calls it
 * repeatedly until it finds nothing or a bound passes (messages in flight, a VM still replaying),
 * so a check must report what does not hold NOW and be cheap enough to poll.
 */
@FunctionalInterface
public interface ClusterCheck {
  /**
   * What does not hold on the cluster now (empty: every property holds); a
   * {@link RuntimeException} when the cluster does not answer.
   */
  List<String> problems(ChaosTarget cluster);

  /**
   * The check {@code vmqsc chaos} runs: the one {@code vmqsc traffic off --check} runs (the
   * guests' ledgers: every VM up, bank total conserved, every channel received what was sent).
   * The one line to change when that check changes.
   */
  static ClusterCheck standard() {
    return t -> ClusterClient.checkQuiet(t.client().allLedgers(), t.spec());
  }
}
