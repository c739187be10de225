package org.vmqsc.sim.engine;

/** One scheduled event. Events at the same time run in the order they were scheduled. */
final class Event {
  enum Kind { TIMER, TICK, MANAGER_TICK, ARRIVAL, WRITE_DONE, VM_FAIL, VM_RESTORE, HOST_FAIL, HOST_RECOVER,
    DRAIN, HOST_RELOCATE, CONTROL }

  final long time;
  final long seq;
  final Kind kind;
  final int a;
  final long b;
  final Object payload;

  Event(long time, long seq, Kind kind, int a, long b, Object payload) {
    this.time = time;
    this.seq = seq;
    this.kind = kind;
    this.a = a;
    this.b = b;
    this.payload = payload;
  }
}
