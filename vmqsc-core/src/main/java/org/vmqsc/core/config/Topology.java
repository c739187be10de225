package org.vmqsc.core.config;

import java.util.Arrays;

/**
 * Which VMs exist, their type (k = 1 for SI, k >= 2 for MI_k) and the host each runs on. Validated
 * once; the placement array is copied in and never exposed.
 */
public final class Topology {
  private final int[] k;
  private final int[] hostOf;
  private final long[] checkpointBytes;
  private final int hosts;
  private final long messageBytes;

  public Topology(int[] k, int[] hostOf, long[] checkpointBytes, int hosts, long messageBytes) {
    if (k.length != hostOf.length || k.length != checkpointBytes.length) {
      throw new IllegalArgumentException("k, hostOf and checkpointBytes must have one entry a VM");
    }
    for (int v = 0; v < k.length; v++) {
      if (k[v] < 1) {
        throw new IllegalArgumentException("vm " + v + ": k must be >= 1, got " + k[v]);
      }
      if (hostOf[v] < 0 || hostOf[v] >= hosts) {
        throw new IllegalArgumentException("vm " + v + ": host " + hostOf[v] + " out of range");
      }
    }
    this.k = k.clone();
    this.hostOf = hostOf.clone();
    this.checkpointBytes = checkpointBytes.clone();
    this.hosts = hosts;
    this.messageBytes = messageBytes;
  }

  public int vms() {
    return k.length;
  }

  public int hosts() {
    return hosts;
  }

  public int k(int vm) {
    return k[vm];
  }

  public int hostOf(int vm) {
    return hostOf[vm];
  }

  public long checkpointBytes(int vm) {
    return checkpointBytes[vm];
  }

  public long messageBytes() {
    return messageBytes;
  }

  /** VM i is due at index x when x mod k_i == 0 (SPEC §2). */
  public boolean due(int vm, int index) {
    return index % k[vm] == 0;
  }

  /** The lowest index in (from, to] at which the VM is due, or -1 if none. */
  public int firstDue(int vm, int from, int to) {
    int kk = k[vm];
    int first = (from / kk + 1) * kk;
    return first <= to ? first : -1;
  }

  public int[] vmsOn(int host) {
    return java.util.stream.IntStream.range(0, k.length).filter(v -> hostOf[v] == host).toArray();
  }

  @Override
  public String toString() {
    return "Topology" + Arrays.toString(k);
  }
}
