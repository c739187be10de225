package org.vmqsc.core.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.config.Topology;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/** The multiset behind "smallest unacknowledged index" agrees with a TreeMap model. */
class IndexCountsTest {
  @Test
  void minimumAlwaysMatchesAModel() {
    qt().withExamples(300).forAll(lists().of(integers().between(-40, 200)).ofSizeBetween(1, 120))
        .checkAssert(ops -> {
          IndexCounts c = new IndexCounts();
          TreeMap<Integer, Integer> model = new TreeMap<>();
          List<Integer> present = new ArrayList<>();
          int base = 0;
          for (int op : ops) {
            if (op < 0 && !present.isEmpty()) {
              int victim = present.remove(Math.floorMod(op, present.size()));
              c.remove(victim);
              model.merge(victim, -1, Integer::sum);
              model.remove(victim, 0);
            } else {
              int idx = base + Math.abs(op) % 40;
              base += op % 3 == 0 ? 1 : 0;
              c.add(idx);
              present.add(idx);
              model.merge(idx, 1, Integer::sum);
            }
            assertThat(c.min()).isEqualTo(model.isEmpty() ? Integer.MAX_VALUE : model.firstKey());
            assertThat(c.size()).isEqualTo(present.size());
          }
        });
  }

  @Test
  void firstDueIsTheLowestMultipleOfKInTheRange() {
    qt().withExamples(500).forAll(integers().between(1, 7), integers().between(0, 100),
        integers().between(0, 20)).checkAssert((k, from, len) -> {
          Topology t = new Topology(new int[] {k}, new int[] {0}, new long[] {1}, 1, 1);
          int expected = -1;
          for (int y = from + 1; y <= from + len; y++) {
            if (y % k == 0) {
              expected = y;
              break;
            }
          }
          assertThat(t.firstDue(0, from, from + len)).isEqualTo(expected);
        });
  }
}
