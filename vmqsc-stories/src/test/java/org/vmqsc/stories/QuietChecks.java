package org.vmqsc.stories;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.stories.ClusterDriver.GuestView;

/**
 * P2 and P6 judged from the guests alone once a cluster is quiet: the bank's money is all there
 * (P6), and on every channel the receiver's ledger counts exactly the messages the sender's ledger
 * says it sent (P2: nothing lost, nothing twice, no orphan left standing).
 */
final class QuietChecks {
  private QuietChecks() {}

  static List<String> problems(List<GuestView> guests, long initialBalance) {
    List<String> problems = new ArrayList<>();
    int n = guests.size();
    long total = 0;
    for (GuestView g : guests) {
      total += g.balance();
    }
    if (total != initialBalance * n) {
      problems.add("P6: bank total " + total + " != " + initialBalance * n);
    }
    for (GuestView a : guests) {
      for (GuestView b : guests) {
        int sent = a.sent()[b.vm()];
        int received = b.received()[a.vm()];
        if (sent != received) {
          problems.add("P2: channel " + a.vm() + "->" + b.vm() + ": sent " + sent + ", received "
              + received);
        }
      }
    }
    return problems;
  }
}
