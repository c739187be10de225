package org.vmqsc.sim.engine;

/**
 * A binary min-heap of events ordered by (time, scheduling order): the same schedule always
 * pops in the same order, which with one seeded PRNG makes a run reproducible event for event.
 */
final class EventQueue {
  private Event[] heap = new Event[1024];
  private int size;
  private long nextSeq;

  void schedule(long time, Event.Kind kind, int a, long b, Object payload) {
    Event e = new Event(time, nextSeq++, kind, a, b, payload);
    if (size == heap.length) {
      heap = java.util.Arrays.copyOf(heap, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(e, heap[parent])) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = e;
  }

  /** The next event, left on the queue; null when it is empty. */
  Event peek() {
    return size == 0 ? null : heap[0];
  }

  Event poll() {
    if (size == 0) {
      return null;
    }
    Event top = heap[0];
    Event last = heap[--size];
    heap[size] = null;
    if (size > 0) {
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && before(heap[child + 1], heap[child])) {
          child++;
        }
        if (!before(heap[child], last)) {
          break;
        }
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }

  int size() {
    return size;
  }

  private static boolean before(Event x, Event y) {
    return x.time < y.time || (x.time == y.time && x.seq < y.seq);
  }
}
