package org.vmqsc.core.guest;

/** A fast 64-bit mixing function (SplitMix64 finaliser) for state digests and hash chains. */
public final class Digests {
  private Digests() {}

  public static long mix(long state, long value) {
    long z = state * 0x9E3779B97F4A7C15L + value + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
