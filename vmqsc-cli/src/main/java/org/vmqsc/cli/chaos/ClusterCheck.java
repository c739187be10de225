package org.vmqsc.cli.chaos;

import java.util.List;

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
   * The check {@code vmqsc chaos} runs: the shared oracle that {@code vmqsc traffic off --check}
   * runs, over one reading of the cluster: the guests' ledgers (P1, P2 by count and hash chain,
   * P6) and the hypervisors' journals (P3 exact replay and no other VM restored, P5 each restore
   * at the digest the VM had at that index). Never the manager's own account.
   */
  static ClusterCheck standard() {
    return t -> org.vmqsc.runtime.cluster.ClusterCheck.judge(t.client().allLedgers(),
        t.client().journals(), t.spec(), true).violations();
  }
}
