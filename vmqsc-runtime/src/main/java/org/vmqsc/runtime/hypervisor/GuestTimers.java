package org.vmqsc.runtime.hypervisor;

import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;
import java.util.function.LongSupplier;

/**
 * The guests' timers on one host (D9), kept as one heap of due times with one wake-up set on the
 * loop, for the earliest: every timer due by then fires in that one task.
 *
 * <p>Why not one loop timer per guest: 64 guests at 400 firings a second were 25,600 scheduled
 * tasks a second, each an allocation, a sift of the executor's queue under its lock and, as they
 * fell due a few tens of microseconds apart, a wake-up of the loop thread each; the messages the
 * firings sent then left one per frame. Gaps are whole milliseconds (GuestTraffic), so due times
 * are whole milliseconds of the node's clock, and the firings of one millisecond now run as one
 * task whose sends leave together ({@link EventLoop}). A firing re-arms its guest's timer from the
 * time it ran, as before: a busy loop delays firings, it does not make them up.
 *
 * <p>Confined to the loop. A heap entry is the due time (relative to the first one seen) and the
 * VM packed into one long, so the heap's order is by time, then by VM.
 */
final class GuestTimers {
  /** What runs a wake-up on the loop, {@code delayMillis} from now. */
  @FunctionalInterface
  interface Wakes {
    void after(Runnable task, long delayMillis);
  }

  private static final int VM_BITS = 20; // > 100,000 VMs, the cluster's limit
  private static final long VM_MASK = (1L << VM_BITS) - 1;

  private final LongSupplier clock;
  private final Wakes wakes;
  private final IntToLongFunction gapMillis;
  private final IntPredicate fire;
  private long[] heap = new long[64];
  private int size;
  private long base = Long.MIN_VALUE;
  /** Due time of the one wake-up that counts (later ones set before an earlier came are stale). */
  private long armedFor = Long.MAX_VALUE;
  private long armed;

  /**
   * @param fire fires VM {@code vm}'s timer; false when the VM's timers stop here (it moved)
   */
  GuestTimers(LongSupplier clockMillis, Wakes wakes, IntToLongFunction gapMillis,
      IntPredicate fire) {
    this.clock = clockMillis;
    this.wakes = wakes;
    this.gapMillis = gapMillis;
    this.fire = fire;
  }

  /** Starts VM {@code vm}'s timer: its first firing one gap from now. */
  void start(int vm) {
    if (vm < 0 || vm > VM_MASK) {
      throw new IllegalArgumentException("vm " + vm + " out of range");
    }
    long now = clock.getAsLong();
    if (base == Long.MIN_VALUE) {
      base = now;
    }
    push(now + gapMillis.applyAsLong(vm), vm);
    arm(now);
  }

  /** Timers set. */
  int size() {
    return size;
  }

  private void arm(long now) {
    if (size == 0 || dueOf(heap[0]) >= armedFor) {
      return; // nothing to wait for, or a wake-up no later than the head is set
    }
    long due = dueOf(heap[0]);
    long token = ++armed;
    armedFor = due;
    wakes.after(() -> wake(token), Math.max(0, due - now));
  }

  private void wake(long token) {
    if (token != armed) {
      return; // an earlier wake-up was set after this one and has run in its place
    }
    armedFor = Long.MAX_VALUE;
    long now = clock.getAsLong();
    try {
      while (size > 0 && dueOf(heap[0]) <= now) {
        int vm = (int) (pop() & VM_MASK);
        if (fire.test(vm)) {
          push(now + gapMillis.applyAsLong(vm), vm); // gaps are >= 1 ms: the loop ends
        }
      }
    } finally {
      // From the clock as the firings left it, not as they found it: the wake-up's delay runs
      // from now, so one set from its start came the task's length late, and the guests due
      // meanwhile lost that time on every busy millisecond. A firing that threw loses its own
      // timer only, as a lone timer would.
      arm(clock.getAsLong());
    }
  }

  private long dueOf(long entry) {
    return base + (entry >> VM_BITS); // arithmetic: a clock set back makes it negative
  }

  private void push(long due, int vm) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, 2 * size);
    }
    long e = ((due - base) << VM_BITS) | vm;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] <= e) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = e;
  }

  private long pop() {
    long top = heap[0];
    long last = heap[--size];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && heap[child + 1] < heap[child]) {
        child++;
      }
      if (heap[child] >= last) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
