package org.vmqsc.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The core's int-keyed map behaves as a TreeMap would, under seeded random operations. */
class IntMapTest {
  @Test
  void agreesWithATreeMapOverManyPutsAndRemovesThatCollide() {
    for (long seed = 1; seed <= 20; seed++) {
      Random rnd = new Random(seed);
      IntMap<String> m = new IntMap<>();
      Map<Integer, String> ref = new TreeMap<>();
      // Keys from a small range (many collisions, many removals of present keys) and from a
      // range whose multiples share hash bits.
      int range = 1 + rnd.nextInt(200);
      for (int op = 0; op < 5_000; op++) {
        int key = rnd.nextBoolean() ? rnd.nextInt(range) : rnd.nextInt(range) * 1024;
        if (rnd.nextInt(3) == 0) {
          assertThat(m.remove(key)).isEqualTo(ref.remove(key));
        } else {
          String v = "v" + op;
          assertThat(m.put(key, v)).isEqualTo(ref.put(key, v));
        }
        if (op % 97 == 0) {
          for (int k = 0; k < range; k++) {
            assertThat(m.get(k)).as("seed %d key %d", seed, k).isEqualTo(ref.get(k));
            assertThat(m.get(k * 1024)).isEqualTo(ref.get(k * 1024));
          }
        }
        assertThat(m.size()).isEqualTo(ref.size());
      }
      assertThat(m.keys()).containsExactly(ref.keySet().stream().mapToInt(i -> i).toArray());
    }
  }

  @Test
  void aCopyIsIndependentAndKeysAscend() {
    IntMap<int[]> m = new IntMap<>();
    for (int k : new int[] {99_999, 3, -7, 40_000}) {
      m.put(k, new int[] {k});
    }
    IntMap<int[]> c = m.copy(int[]::clone);
    c.get(3)[0] = 4;
    c.remove(99_999);
    assertThat(m.get(3)[0]).isEqualTo(3);
    assertThat(m.keys()).containsExactly(-7, 3, 40_000, 99_999);
    assertThat(c.keys()).containsExactly(-7, 3, 40_000);
    assertThat(m.computeIfAbsent(5, k -> new int[] {k * 2})[0]).isEqualTo(10);
    assertThat(m.computeIfAbsent(5, k -> new int[] {0})[0]).isEqualTo(10);
    assertThatThrownBy(() -> m.put(1, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void itsTableFollowsTheEntriesNotTheKeyRange() {
    IntMap<String> m = new IntMap<>();
    for (int i = 0; i < 10; i++) {
      m.put(i * 10_000, "x");
    }
    assertThat(m.capacity()).isLessThanOrEqualTo(16);
    m.clear();
    assertThat(m.isEmpty()).isTrue();
    assertThat(m.get(0)).isNull();
  }
}
