package org.vmqsc.sim.engine;

/**
 * R2: a host's drifting clock, local(t) = t·(1 + drift) + offset. The host ticks index x when its
 * local clock reads x·T0.
 */
record HostClock(double drift, double offsetMillis, long basePeriodMillis) {
  /** Real (simulated) time at which this host's clock reads x·T0. */
  long tickTime(int x) {
    return Math.max(0, Math.round((x * (double) basePeriodMillis - offsetMillis) / (1 + drift)));
  }

  /** The index this host's clock shows at real time t. */
  int indexAt(long t) {
    return (int) Math.floor((t * (1 + drift) + offsetMillis) / basePeriodMillis);
  }
}
