package org.vmqsc.sim.engine;

/**
 * A binary min-heap of events ordered by (time, scheduling order): the same schedule always
 * pops in the same order, which with one seeded PRNG makes a run reproducible event for event.
 * An event polled is valid until the next poll, which takes it back to be scheduled again: a
 * traffic timer (and, with network delay, an arrival) is an event per message.
 */
final class EventQueue {
  /** Spare events kept at most: the few a step frees, not a copy of the largest queue. */
  private static final int SPARES = 256;

  private Event[] heap = new Event[1024];
  private int size;
  private long nextSeq;
  private final Event[] spare = new Event[SPARES];
  private int spares;
  /** The event the last poll returned: it has run by the time of the next poll. */
  private Event polled;

  void schedule(long time, Event.Kind kind, int a, long b, Object payload) {
    Event e = spares > 0 ? spare[--spares] : new Event();
    e.set(time, nextSeq++, kind, a, b, payload);
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
    if (polled != null) {
      recycle(polled);
      polled = null;
    }
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
    polled = top;
    return top;
  }

  int size() {
    return size;
  }

  private void recycle(Event e) {
    if (spares < SPARES) {
      e.payload = null; // what it carried may be collected
      spare[spares++] = e;
    }
  }

  private static boolean before(Event x, Event y) {
    return x.time < y.time || (x.time == y.time && x.seq < y.seq);
  }
}
