package org.vmqsc.runtime.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The loop's idle hook runs once a burst of ready tasks is done, not after each of them. */
class EventLoopTest {
  @Test
  void theIdleHookRunsAfterTheLastReadyTaskOfABurst() throws Exception {
    EventLoop loop = new EventLoop("test-loop");
    try {
      List<String> seen = new ArrayList<>(); // written on the loop only
      CountDownLatch idled = new CountDownLatch(1);
      loop.onIdle(() -> {
        seen.add("idle");
        idled.countDown();
      });
      loop.submit(() -> {
        seen.add("first");
        loop.execute(() -> seen.add("second")); // ready before the first ends
        loop.execute(() -> seen.add("third"));
      }).get(10, TimeUnit.SECONDS);
      assertThat(idled.await(10, TimeUnit.SECONDS)).isTrue();
      List<String> read = loop.submit(() -> new ArrayList<>(seen)).get(10, TimeUnit.SECONDS);

      assertThat(read.subList(0, 4)).containsExactly("first", "second", "third", "idle");
    } finally {
      loop.shutdownNow();
      loop.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aTimerNotYetDueDoesNotHoldTheHookBack() throws Exception {
    EventLoop loop = new EventLoop("test-loop");
    try {
      List<String> seen = new ArrayList<>();
      CountDownLatch idled = new CountDownLatch(1);
      loop.onIdle(() -> {
        seen.add("idle");
        idled.countDown();
      });
      loop.submit(() -> {
        loop.schedule(() -> seen.add("later"), 1, TimeUnit.HOURS);
        seen.add("now");
      }).get(10, TimeUnit.SECONDS);
      assertThat(idled.await(10, TimeUnit.SECONDS)).isTrue();
      List<String> read = loop.submit(() -> new ArrayList<>(seen)).get(10, TimeUnit.SECONDS);

      assertThat(read.subList(0, 2)).containsExactly("now", "idle");
    } finally {
      loop.shutdownNow();
      loop.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
