package org.vmqsc.runtime.storage;

/**
 * Told what the storage writer did, on its thread, after each batch is durable (metrics). Must
 * be quick and never throw: the writer's next batch waits for it.
 */
public interface WriteObserver {
  /** A batch of {@code items} ({@code bytes} in all) was written and synced in {@code writeNanos}. */
  default void batchWritten(int items, long bytes, long writeNanos) {}

  /**
   * A checkpoint of that batch is durable: the batch took {@code writeNanos}, and the checkpoint
   * was staged {@code stagedToDurableNanos} ago (R10's lazy delay included).
   */
  default void checkpointDurable(long writeNanos, long stagedToDurableNanos) {}

  WriteObserver NONE = new WriteObserver() {};
}
