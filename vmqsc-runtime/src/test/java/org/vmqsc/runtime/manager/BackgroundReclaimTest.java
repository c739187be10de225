package org.vmqsc.runtime.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableStorage;

/**
 * The manager's reclaims leave its loop at once, however slow the storage (at 1,000 VMs they held
 * it for over ten seconds and the hosts were declared failed), and any other storage call sees
 * every reclaim asked before it done, in the order asked.
 */
@Timeout(30)
class BackgroundReclaimTest {
  /** Storage whose reclaims wait for a gate, recording every call in order. */
  static final class SlowStorage implements StableStorage {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch gate = new CountDownLatch(1);
    final CountDownLatch firstStarted = new CountDownLatch(1);

    @Override
    public void reclaim(int vm, int lineIndex) {
      firstStarted.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      calls.add("reclaim " + vm + "@" + lineIndex);
    }

    @Override
    public List<StableItem> durableItems(int vm) {
      calls.add("read " + vm);
      return List.of();
    }

    @Override
    public long stage(int host, StableItem item) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void preload(StableItem item) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void discardFuture(int vm, int incarnation, int fromInterval) {
      calls.add("discard " + vm);
    }
  }

  @Test
  void reclaimsReturnAtOnceAndRunInOrderBeforeAnyRead() throws Exception {
    SlowStorage slow = new SlowStorage();
    BackgroundReclaim s = new BackgroundReclaim(slow);
    long t0 = System.nanoTime();
    for (int vm = 0; vm < 1000; vm++) {
      s.reclaim(vm, 5);
    }
    s.reclaim(3, 5); // the same one still waiting: not run twice
    assertThat((System.nanoTime() - t0) / 1_000_000).as("the loop's time in reclaim, ms")
        .isLessThan(2_000);
    assertThat(slow.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(slow.calls).isEmpty(); // the storage is still in the first one

    Thread reader = new Thread(() -> s.durableItems(7));
    reader.start();
    Thread.sleep(100);
    assertThat(slow.calls).as("a read waits for the reclaims asked before it").isEmpty();
    slow.gate.countDown();
    reader.join(10_000);
    List<String> expected = new ArrayList<>();
    for (int vm = 0; vm < 1000; vm++) {
      expected.add("reclaim " + vm + "@5");
    }
    expected.add("read 7");
    assertThat(slow.calls).containsExactlyElementsOf(expected);
    s.reclaim(1, 6);
    s.discardFuture(1, 1, 6);
    assertThat(slow.calls.subList(1001, slow.calls.size()))
        .containsExactly("reclaim 1@6", "discard 1");
    s.close();
  }
}
