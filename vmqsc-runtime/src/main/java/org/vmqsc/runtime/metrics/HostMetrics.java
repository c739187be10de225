package org.vmqsc.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.runtime.storage.WriteObserver;

/**
 * A hypervisor's meters (docs/operations.md lists each). Told by the protocol as it runs (it is
 * one of the node's {@link ProtocolListener}s, on the event loop: one counter increment per
 * message, no timer on the relay path), by the storage writer ({@link WriteObserver}, on its
 * thread), and by reading what the node's parts already count ({@link Sources}) when scraped.
 * Every meter is registered here, at construction, so a scrape lists all of them from the start.
 */
public final class HostMetrics implements ProtocolListener, WriteObserver {
  /** What the node's parts count themselves, read at each scrape (any thread). */
  public interface Sources {
    /** Items staged and not yet durable (the storage writer's queue). */
    long storageQueue();

    /** Bytes the storage made durable. */
    long storageBytes();

    /** Messages this host's relay server handed to its loop. */
    long relayReceived();

    /** Frames (batches of messages) written to peers. */
    long relayFrames();

    /** Times a peer's stream was not ready with messages waiting (back-pressure). */
    long relayStalls();

    /** Messages queued for peers or written and not yet acknowledged. */
    long relayOutstanding();

    /** Log records of this host's VMs on stable storage now. */
    long stableLogRecords();
  }

  private final PrometheusMeterRegistry registry;
  private final Counter basic;
  private final Counter forced;
  private final DistributionSummary checkpointSize;
  private final Timer checkpointWrite;
  private final Timer checkpointLag;
  private final Timer batchWrite;
  private final Counter loggedR6;
  private final Counter loggedR8;
  private final Counter loggedOther;
  private final Counter loggedBytes;
  private final Counter sent;
  private final Counter delivered;
  private final Timer vmReplay;
  private final Timer relayAck;
  private final Timer recoveryHold;
  private volatile long volatileLog;

  public HostMetrics(int host) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("host", Integer.toString(host));
    basic = checkpoints("basic");
    forced = checkpoints("forced");
    checkpointSize = DistributionSummary.builder("vmqsc.checkpoint.size").baseUnit("bytes")
        .description("size of each checkpoint taken (its memory image and state)")
        .serviceLevelObjectives(Buckets.SIZE).register(registry);
    checkpointWrite = Timer.builder("vmqsc.checkpoint.write")
        .description("time to write the storage batch that made a checkpoint durable")
        .serviceLevelObjectives(Buckets.WRITE).register(registry);
    checkpointLag = Timer.builder("vmqsc.checkpoint.durable.lag")
        .description("from a checkpoint staged to it durable (R10's lazy delay included)")
        .serviceLevelObjectives(Buckets.SLOW).register(registry);
    batchWrite = Timer.builder("vmqsc.storage.batch.write")
        .description("time to write one storage batch (checkpoints and log records, one sync)")
        .serviceLevelObjectives(Buckets.WRITE).register(registry);
    loggedR6 = logged("R6");
    loggedR8 = logged("R8");
    loggedOther = logged("other");
    loggedBytes = Counter.builder("vmqsc.stable.logged").baseUnit("bytes")
        .description("bytes of log records staged for stable storage").register(registry);
    sent = Counter.builder("vmqsc.relay.sent.messages")
        .description("messages this host's VMs sent (replays not counted)").register(registry);
    delivered = Counter.builder("vmqsc.delivered.messages")
        .description("messages delivered to this host's VMs for the first time")
        .register(registry);
    Gauge.builder("vmqsc.eta", this, HostMetrics::eta)
        .description("eta: stably logged messages over messages delivered, so far (SPEC §6)")
        .register(registry);
    Gauge.builder("vmqsc.volatile.log.messages", this, m -> m.volatileLog)
        .description("messages in this host's volatile sender logs (as of its last tick)")
        .register(registry);
    relayAck = Timer.builder("vmqsc.relay.ack.latency")
        .description("from a relay batch's write to the peer's acknowledgement that it was "
            + "delivered (one sample per batch)")
        .serviceLevelObjectives(Buckets.RELAY).register(registry);
    vmReplay = Timer.builder("vmqsc.vm.replay")
        .description("restoring a failed VM from its checkpoint and replaying its log (R9)")
        .serviceLevelObjectives(Buckets.SLOW).register(registry);
    recoveryHold = Timer.builder("vmqsc.host.recovery.hold")
        .description("from a recovery's first call to this host until the manager ends it (D11)")
        .serviceLevelObjectives(Buckets.SLOW).register(registry);
  }

  private Counter checkpoints(String kind) {
    return Counter.builder("vmqsc.checkpoints").tag("kind", kind)
        .description("checkpoints taken, by kind: basic (R2) or forced (R3)").register(registry);
  }

  private Counter logged(String cause) {
    return Counter.builder("vmqsc.stable.logged.messages").tag("cause", cause)
        .description("messages logged stably, by cause: R6, R8, or other (baselines)")
        .register(registry);
  }

  /** Registers the meters that read the node's parts; once, when the node has started them. */
  public void watch(Sources s) {
    gauge("vmqsc.storage.queue.items", "items staged and not yet durable", s::storageQueue);
    counter("vmqsc.storage.written", "bytes", "bytes made durable by this host's storage",
        s::storageBytes);
    counter("vmqsc.relay.received.messages", null, "messages received from peers by the relay",
        s::relayReceived);
    counter("vmqsc.relay.frames", null, "frames (batches of messages) written to peers",
        s::relayFrames);
    counter("vmqsc.relay.stalls", null, "times a peer's stream was not ready with messages "
        + "waiting", s::relayStalls);
    gauge("vmqsc.relay.outstanding.messages", "messages queued for peers or not yet acknowledged",
        s::relayOutstanding);
    gauge("vmqsc.stable.log.records", "log records of this host's VMs on stable storage",
        s::stableLogRecords);
  }

  private void gauge(String name, String what, LongSupplier f) {
    Gauge.builder(name, f, x -> x.getAsLong()).description(what).register(registry);
  }

  private void counter(String name, String unit, String what, LongSupplier f) {
    FunctionCounter.builder(name, f, x -> x.getAsLong()).baseUnit(unit).description(what)
        .register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private double eta() {
    double d = delivered.count();
    return d == 0 ? 0 : (loggedR6.count() + loggedR8.count() + loggedOther.count()) / d;
  }

  // ---- from the protocol (on the loop) ------------------------------------------------------

  @Override
  public void checkpoint(int vm, int firstIndex, int dueIndex, boolean isForced, long bytes) {
    (isForced ? forced : basic).increment();
    checkpointSize.record(bytes);
  }

  @Override
  public void stableLogged(LogItem item) {
    switch (item.kind()) {
      case R6 -> loggedR6.increment(item.messages());
      case R8 -> loggedR8.increment(item.messages());
      default -> loggedOther.increment(item.messages());
    }
    loggedBytes.increment(item.bytes());
  }

  @Override
  public void sent(int vm, Message m) {
    sent.increment();
  }

  @Override
  public void delivered(int vm, Message m, int interval, boolean replay) {
    if (!replay) {
      delivered.increment();
    }
  }

  // ---- from the node --------------------------------------------------------------------------

  /** Messages in the volatile logs now (the loop publishes it at each tick). */
  public void volatileLog(long messages) {
    volatileLog = messages;
  }

  /** From the relay's writer thread: one batch's write-to-acknowledgement time. */
  public void relayAcked(long nanos) {
    relayAck.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void vmReplayed(long nanos) {
    vmReplay.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void recoveryHeld(long nanos) {
    recoveryHold.record(nanos, TimeUnit.NANOSECONDS);
  }

  // ---- from the storage writer (its thread) ---------------------------------------------------

  @Override
  public void batchWritten(int items, long bytes, long writeNanos) {
    batchWrite.record(writeNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void checkpointDurable(long writeNanos, long stagedToDurableNanos) {
    checkpointWrite.record(writeNanos, TimeUnit.NANOSECONDS);
    checkpointLag.record(stagedToDurableNanos, TimeUnit.NANOSECONDS);
  }
}
