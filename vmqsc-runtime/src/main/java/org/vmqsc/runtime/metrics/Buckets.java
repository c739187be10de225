package org.vmqsc.runtime.metrics;

import java.time.Duration;

/**
 * The histograms' bucket bounds: a few fixed ones per kind of duration rather than Micrometer's
 * ~70 default buckets, so that a scrape of a host stays a few kilobytes.
 */
final class Buckets {
  private Buckets() {}

  /** Writes and fsyncs: from a fast page-cache write to a stalled disk. */
  /** Relay round trips: sub-millisecond on one machine, tens of ms under load or GC. */
  static final Duration[] RELAY = micros(100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000,
      100000, 250000, 1000000);
  static final Duration[] WRITE = millis(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10000);

  /** Staged to durable (R10's lazy delay is in it), recoveries and replays: up to minutes. */
  static final Duration[] SLOW = millis(10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000,
      60000, 300000);

  /** Bytes of a checkpoint: 4 KiB to 1 GiB. */
  static final double[] SIZE = {4096, 65536, 1 << 20, 16 << 20, 64 << 20, 256 << 20, 1 << 30};

  private static Duration[] micros(long... us) {
    Duration[] d = new Duration[us.length];
    for (int i = 0; i < us.length; i++) {
      d[i] = Duration.ofNanos(us[i] * 1000);
    }
    return d;
  }

  private static Duration[] millis(long... ms) {
    Duration[] out = new Duration[ms.length];
    for (int i = 0; i < ms.length; i++) {
      out[i] = Duration.ofMillis(ms[i]);
    }
    return out;
  }
}
