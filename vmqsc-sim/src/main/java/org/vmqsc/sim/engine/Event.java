package org.vmqsc.sim.engine;

/**
 * One scheduled event. Events at the same time run in the order they were scheduled.
 *
 * <p>Mutable so that {@link EventQueue} can reuse it once it has run: a traffic timer, and with
 * network delay an arrival, is an event per message, and allocating each one was a tenth of what
 * a run allocated. Only the queue sets the fields.
 */
final class Event {
  enum Kind { TIMER, TICK, MANAGER_TICK, ARRIVAL, WRITE_DONE, VM_FAIL, VM_RESTORE, HOST_FAIL, HOST_RECOVER,
    DRAIN, HOST_RELOCATE, CONTROL }

  long time;
  long seq;
  Kind kind;
  int a;
  long b;
  Object payload;

  void set(long time, long seq, Kind kind, int a, long b, Object payload) {
    this.time = time;
    this.seq = seq;
    this.kind = kind;
    this.a = a;
    this.b = b;
    this.payload = payload;
  }
}
