package org.vmqsc.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The packed tables' key map: any long key, found again after growth, copies independent. */
class LongIntMapTest {
  @Test
  void keysOfEveryKindAreFoundAfterGrowthAndAbsentOnesReadMinusOne() {
    LongIntMap m = new LongIntMap();
    long[] keys = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, (3L << 32) | 7, 7};
    for (int i = 0; i < 5000; i++) {
      m.put(i * 0x100000001L, i);
    }
    for (int i = 0; i < keys.length; i++) {
      m.put(keys[i], 10_000 + i);
    }
    for (int i = 0; i < keys.length; i++) {
      assertThat(m.get(keys[i])).isEqualTo(10_000 + i);
    }
    assertThat(m.get(4999 * 0x100000001L)).isEqualTo(4999);
    assertThat(m.get(42L << 40)).isEqualTo(-1);
    assertThat(m.size()).isEqualTo(5000 + keys.length - 1); // key 0 was put twice
    assertThat(m.keys()).hasSize(m.size()).isSorted();
  }

  @Test
  void aCopyMovesOnItsOwnAndClearForgetsEverything() {
    LongIntMap m = new LongIntMap();
    m.put(5, 1);
    LongIntMap c = m.copy();
    m.put(6, 2);
    assertThat(c.get(6)).isEqualTo(-1);
    assertThat(c.get(5)).isEqualTo(1);
    m.clear();
    assertThat(m.get(5)).isEqualTo(-1);
    assertThat(m.size()).isZero();
    assertThatThrownBy(() -> m.put(1, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
