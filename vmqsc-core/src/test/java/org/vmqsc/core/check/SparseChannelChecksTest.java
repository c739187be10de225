package org.vmqsc.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.guest.Ledger;

/**
 * The pair checks visit only channels some ledger records, yet find exactly what a loop over all
 * VM pairs finds, in the same order: random ledgers (few peers each, some broken channels) are
 * judged both ways.
 */
class SparseChannelChecksTest {
  @Test
  void findingsEqualThoseOfTheLoopOverAllPairs() {
    for (long seed = 1; seed <= 30; seed++) {
      Ledger[] l = randomLedgers(new Random(seed), 40);
      assertThat(GuestChecks.orphans(l, "n")).extracting(Finding::detail)
          .containsExactlyElementsOf(denseOrphans(l));
      long[] balances = new long[l.length];
      long inFlight = 0;
      for (int v = 0; v < l.length; v++) {
        for (int p = 0; p < l.length; p++) {
          inFlight += l[v].sentAmount(p) - l[p].recvAmount(v);
        }
      }
      List<Finding> money = GuestChecks.money(l, balances, inFlight, true);
      assertThat(money).as("seed %d: in flight summed over all pairs", seed).isEmpty();
      assertThat(GuestChecks.money(l, balances, inFlight + 1, true)).hasSize(1);
    }
  }

  @Test
  void channelsAreTheRecordedPairsBothWays() {
    Ledger[] l = randomLedgers(new Random(5), 30);
    int[][] c = GuestChecks.channels(l);
    for (int x = 0; x < l.length; x++) {
      List<Integer> expected = new ArrayList<>();
      for (int y = 0; y < l.length; y++) {
        if (records(l[x], y) || records(l[y], x)) {
          expected.add(y);
        }
      }
      assertThat(c[x]).containsExactly(expected.stream().mapToInt(i -> i).toArray());
    }
  }

  private static boolean records(Ledger l, int p) {
    return l.sentCount(p) != 0 || l.recvCount(p) != 0 || l.sentChain(p) != 0
        || l.recvChain(p) != 0 || l.sentAmount(p) != 0 || l.recvAmount(p) != 0;
  }

  /** The check as it was: every (b, a) pair, receivers outer, senders inner. */
  private static List<String> denseOrphans(Ledger[] l) {
    List<String> out = new ArrayList<>();
    for (int b = 0; b < l.length; b++) {
      for (int a = 0; a < l.length; a++) {
        int sent = l[a].sentCount(b);
        int recv = l[b].recvCount(a);
        if (recv > sent || (recv == sent && l[a].sentChain(b) != l[b].recvChain(a))) {
          out.add("orphan: vm " + b + " holds " + recv + " messages from vm " + a
              + " whose state sent " + sent + (recv == sent ? " different ones" : "") + " (n)");
        }
      }
    }
    return out;
  }

  /** Each VM sends to three random peers; receivers mostly agree, some hold more or other. */
  private static Ledger[] randomLedgers(Random rnd, int n) {
    int[][] sc = new int[n][n];
    long[][] sh = new long[n][n];
    long[][] sa = new long[n][n];
    int[][] rc = new int[n][n];
    long[][] rh = new long[n][n];
    long[][] ra = new long[n][n];
    for (int a = 0; a < n; a++) {
      for (int k = 0; k < 3; k++) {
        int b = rnd.nextInt(n);
        int count = 1 + rnd.nextInt(5);
        long chain = rnd.nextLong();
        sc[a][b] = count;
        sh[a][b] = chain;
        sa[a][b] = rnd.nextInt(50);
        int kind = rnd.nextInt(5);
        rc[b][a] = kind == 0 ? count + 1 : kind == 1 ? count - 1 : count;
        rh[b][a] = kind == 2 ? chain + 1 : chain;
        ra[b][a] = kind == 3 ? 0 : sa[a][b];
      }
    }
    Ledger[] l = new Ledger[n];
    for (int v = 0; v < n; v++) {
      Ledger.Builder b = Ledger.builder(n);
      for (int p = 0; p < n; p++) {
        b.peer(p, sc[v][p], sh[v][p], sa[v][p], rc[v][p], rh[v][p], ra[v][p]);
      }
      l[v] = b.build();
    }
    return l;
  }
}
