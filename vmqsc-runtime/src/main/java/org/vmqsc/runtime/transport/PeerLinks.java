package org.vmqsc.runtime.transport;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntUnaryOperator;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.Transport;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.proto.LinkHello;
import org.vmqsc.runtime.proto.PeerRelayGrpc;
import org.vmqsc.runtime.proto.RelayAck;
import org.vmqsc.runtime.proto.RelayBatch;
import org.vmqsc.runtime.proto.RelayFrame;

/**
 * The sending end of the peer links: one {@code Relay} stream to each peer host, carrying that
 * host's VM messages in the order {@link #send} got them (R7's cross-host messages).
 *
 * <p><b>Flow control: {@code send} never blocks; {@link #writable} and a callback
 * back-pressure the caller.</b> The caller is a hypervisor's single event loop, which also
 * delivers inbound messages, runs recovery phases and answers the manager: blocking it on one slow
 * peer would stall everything else on the host, and two hosts blocked on each other's full links
 * would deadlock. So each link counts its <em>outstanding</em> messages: queued here, or written
 * and not yet acknowledged by the receiver's {@link PeerRelayServer} (which acknowledges only
 * what its consumer has taken). When that count reaches {@code capacity}, {@link #writable}
 * turns false; the hypervisor pauses its guests' timers (guests send only from timers) and is
 * told by {@link WritableListener#writable} once the count is back to half the capacity. A caller
 * that keeps to this never has more than {@code capacity} messages outstanding on a link. Sends
 * that are not the guests' (retransmitting kept copies in recovery phase 5) are always taken and
 * may overshoot the capacity: dropping would lose a message, and those messages are the core's
 * kept copies (R7), in memory already; the queue holds references only.
 *
 * <p>Below that, the stream is written only while gRPC says it is ready (its send buffer is
 * under 32 KiB); the rest waits in the queue and the stream's {@code onReady} resumes writing.
 * The receiver requests frames only as its consumer takes them, so a slow receiving hypervisor
 * fills the HTTP/2 window, the stream stops being ready, the queue fills, and the senders' guests
 * pause: a slow peer slows its senders and no buffer grows without bound.
 *
 * <p><b>Threads.</b> {@code send} may be called from any thread (the event loop in practice); it
 * only enqueues. One writer thread per {@code PeerLinks} builds batches of up to
 * {@code maxBatch} consecutive messages and writes them; gRPC callbacks run on the network
 * threads ({@code directExecutor}) and only pass work to the writer. The listener runs on the
 * writer thread: hand it to the event loop.
 *
 * <p><b>Batching ({@link PeerLinksBuilder#lingerMicros}).</b> With no linger (the default) every send
 * wakes the writer, which at a few tens of thousands of messages a second writes frames of one
 * message each: a profile of the hypervisor showed over half its CPU in gRPC's per-frame flush,
 * {@code writev} and the receiver's per-frame acknowledgement, and most of the rest in the
 * writer's and the loop's wake-ups. With a linger, a send only enqueues; the writer runs when
 * the caller says its burst is over ({@link #flush}, which the hypervisor calls when its loop has
 * no task ready), when a link has {@code maxBatch} messages queued, or at the latest
 * {@code linger} after the first message queued since it last ran. Order is untouched: one queue
 * per link, written in send order.
 *
 * <p><b>Reconnect.</b> A broken stream is reopened after a back-off (20 ms doubling to 1 s). The
 * messages it carried that were not acknowledged are written again first, under their link
 * sequence numbers, so a receiver that lived on delivers each message once and in order; a
 * restarted receiver delivers the unacknowledged ones again and the core drops duplicates (D5).
 *
 * <p><b>Stamping.</b> The core's hypervisor stamps sender, receiver and sequence number; this
 * class refuses a message whose sender does not run here (when given {@code hostOf}), and the
 * receiver refuses one whose sender does not run on the host that opened the stream.
 */
public final class PeerLinks implements Transport, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PeerLinks.class.getName());
  public static final int DEFAULT_CAPACITY = 4096;
  public static final int DEFAULT_MAX_BATCH = 256;
  /** 512 messages of at most 80 bytes stay under the receivers' 64 KiB frame limit. */
  public static final int MAX_BATCH_LIMIT = 512;
  /** A linger is a bound on added latency, not a period: beyond 100 ms it is a mistake. */
  public static final long MAX_LINGER_MICROS = 100_000;
  static final long MIN_BACKOFF_MILLIS = 20;
  static final long MAX_BACKOFF_MILLIS = 1000;

  /** Told when a link that was not writable is writable again. */
  @FunctionalInterface
  public interface WritableListener {
    void writable(int host);
  }

  private final int localHost;
  private final IntUnaryOperator hostOf;
  private final int capacity;
  private final int lowWater;
  private final int maxBatch;
  private final WritableListener listener;
  private final java.util.function.LongConsumer ackLatency;
  private final long lingerNanos;
  private final ScheduledThreadPoolExecutor writer;
  private final Map<Integer, Link> links = new HashMap<>();
  /**
   * The links by peer host number (null where there is none): {@link #writable} is asked at every
   * guest timer firing, and the map's boxed lookup was 4 % of the loop's samples.
   */
  private final Link[] byHost;
  private final Link[] linkList;
  /** The writer's scratch for one batch (the writer thread only). */
  private final Message[] batch;
  private final byte[] packScratch;
  private volatile boolean closed;

  PeerLinks(PeerLinksBuilder b) {
    this.localHost = b.localHost;
    this.hostOf = b.hostOf;
    this.capacity = b.capacity;
    this.lowWater = b.capacity / 2;
    this.maxBatch = b.maxBatch;
    this.batch = new Message[b.maxBatch];
    this.packScratch = new byte[b.maxBatch * PackedMessages.MAX_BYTES_PER_MESSAGE];
    this.listener = b.listener;
    this.ackLatency = b.ackLatency;
    this.lingerNanos = TimeUnit.MICROSECONDS.toNanos(b.lingerMicros);
    this.writer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "vmqsc-peer-writer-h" + b.localHost);
      t.setDaemon(true);
      return t;
    });
    writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    b.peers.forEach((host, address) -> links.put(host,
        new Link(host, Endpoints.channel(address, b.secret, b.tls, b.maxFrameBytes))));
    this.linkList = links.values().toArray(new Link[0]);
    this.byHost = new Link[links.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1)
        + 1];
    for (Link l : linkList) {
      byHost[l.host] = l;
    }
    for (Link l : linkList) {
      post(l::open);
    }
  }

  public static PeerLinksBuilder builder(int localHost, ClusterSecret secret) {
    return new PeerLinksBuilder(localHost, secret);
  }

  /**
   * Queues {@code m} for {@code destHost}; never blocks. Check {@link #writable} before sending
   * on behalf of a guest.
   *
   * @throws IllegalArgumentException if no address is known for {@code destHost}, or (with
   *     {@code hostOf}) the sender does not run here or the receiver not on {@code destHost}
   */
  @Override
  public void send(int destHost, Message m) {
    Link l = destHost >= 0 && destHost < byHost.length ? byHost[destHost] : null;
    if (l == null) {
      throw new IllegalArgumentException("host " + localHost + " has no address for host "
          + destHost);
    }
    if (hostOf != null && (hostOf.applyAsInt(m.from) != localHost
        || hostOf.applyAsInt(m.to) != destHost)) {
      throw new IllegalArgumentException(m + " is not a message from host " + localHost
          + " to host " + destHost);
    }
    if (closed) {
      throw new IllegalStateException("peer links of host " + localHost + " are closed");
    }
    int queued;
    long n;
    synchronized (l.stage) {
      l.staged.add(m);
      queued = l.staged.size();
      n = ++l.sentTotal - l.settled;
      if (n > l.maxOutstanding) {
        l.maxOutstanding = n;
      }
    }
    if (n >= capacity && !l.blocked.get() && l.blocked.compareAndSet(false, true)) {
      post(l::maybeWritable); // the acks that free it may all have come already
    }
    if (lingerNanos == 0 || queued >= maxBatch) {
      l.scheduleDrain();
    } else if (!l.lingerScheduled.get()) {
      l.scheduleLinger();
    }
  }

  /**
   * The caller's burst of sends is over: write what is queued now rather than at the end of the
   * linger. Cheap when nothing is queued (the hypervisor calls it whenever its loop goes idle).
   */
  public void flush() {
    for (Link l : linkList) {
      if (l.stagedCount() > 0) {
        l.scheduleDrain();
      }
    }
  }

  /**
   * False from the send that filled the link's capacity until the listener is told it is
   * writable again (at half the capacity).
   */
  public boolean writable(int host) {
    return !link(host).blocked.get();
  }

  /** Messages queued for {@code host} or written and not yet acknowledged. */
  public int outstanding(int host) {
    return (int) link(host).outstanding();
  }

  /** The most messages ever outstanding for {@code host}. */
  public int maxOutstanding(int host) {
    Link l = link(host);
    synchronized (l.stage) {
      return (int) l.maxOutstanding;
    }
  }

  /** Frames of messages written to {@code host} (each a batch of up to {@code maxBatch}). */
  public long framesWritten(int host) {
    return link(host).frames;
  }

  /** Times the writer found the stream to {@code host} not ready with messages waiting. */
  public long stalls(int host) {
    return link(host).stalls;
  }

  public int capacity() {
    return capacity;
  }

  /**
   * {@code host} failed: drops what is queued or unacknowledged for it and starts a new link
   * epoch. Safe because every cross-host message is also kept by its sender's hypervisor (R7)
   * and re-sent to the restarted host in recovery phase 5; without this, guests talking to a
   * dead host would stay paused until it came back.
   */
  public void forget(int host) {
    Link l = link(host);
    post(l::forget);
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    post(() -> links.values().forEach(Link::cancel));
    writer.shutdown();
    writer.awaitTermination(2, TimeUnit.SECONDS);
    for (Link l : links.values()) {
      l.channel.shutdownNow();
    }
    for (Link l : links.values()) {
      l.channel.awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  private Link link(int host) {
    Link l = host >= 0 && host < byHost.length ? byHost[host] : null;
    if (l == null) {
      throw new IllegalArgumentException("host " + localHost + " has no link to host " + host);
    }
    return l;
  }

  private void post(Runnable task) {
    try {
      writer.execute(task);
    } catch (RejectedExecutionException e) {
      if (!closed) {
        throw e;
      }
    }
  }

  /** One peer's link. Fields below the line are touched by the writer thread only. */
  private final class Link {
    final int host;
    final ManagedChannel channel;
    final PeerRelayGrpc.PeerRelayStub stub;
    /**
     * Guards the three fields after it. Senders append to {@code staged} under this lock and the
     * writer swaps the whole list out once a batch: a concurrent queue cost a node and two
     * contended atomic updates a message, and its {@code offer} was 13 % of the event loop's
     * samples at saturation (the cache line bouncing between the loop's core and the writer's).
     */
    final Object stage = new Object();
    ArrayList<Message> staged = new ArrayList<>();
    /** Messages ever sent on this link (lock). Outstanding = this minus {@code settled}. */
    long sentTotal;
    long maxOutstanding;
    /** Messages acknowledged or dropped since the start; written by the writer only. */
    volatile long settled;
    final AtomicBoolean blocked = new AtomicBoolean();
    final AtomicBoolean drainScheduled = new AtomicBoolean();
    final AtomicBoolean lingerScheduled = new AtomicBoolean();
    /** Times writing stopped because gRPC's send buffer was full (the stream not ready). */
    volatile long stalls;
    volatile long frames;
    // ----
    long epoch = ThreadLocalRandom.current().nextLong();
    ClientCallStreamObserver<RelayFrame> stream;
    int generation;
    /** Written on the current stream, not acknowledged; link sequence ackedThrough+1 on. */
    ArrayDeque<Message> inflight = new ArrayDeque<>();
    /** Taken from {@code staged}, not yet written; {@code takenAt} is the next to write. */
    ArrayList<Message> taken = new ArrayList<>();
    int takenAt;
    /** Written on a broken stream, not acknowledged: to be written again before the queue. */
    ArrayDeque<Message> replay = new ArrayDeque<>();
    long ackedThrough;
    long nextSeq = 1;
    /** Batches written and not yet acknowledged: last link sequence, write time (a ring). */
    final long[] batchLast = new long[64];
    final long[] batchAt = new long[64];
    int batchHead;
    int batches;
    long backoffMillis = MIN_BACKOFF_MILLIS;
    boolean down;

    Link(int host, ManagedChannel channel) {
      this.host = host;
      this.channel = channel;
      this.stub = PeerRelayGrpc.newStub(channel);
    }

    int stagedCount() {
      synchronized (stage) {
        return staged.size();
      }
    }

    long outstanding() {
      synchronized (stage) {
        return sentTotal - settled;
      }
    }

    /** The next staged message in send order, or null; the writer thread only. */
    Message nextStaged() {
      if (takenAt == taken.size()) {
        taken.clear();
        takenAt = 0;
        synchronized (stage) {
          if (staged.isEmpty()) {
            return null;
          }
          ArrayList<Message> t = staged;
          staged = taken;
          taken = t;
        }
      }
      Message m = taken.get(takenAt);
      taken.set(takenAt++, null);
      return m;
    }

    boolean anyStaged() {
      return takenAt < taken.size() || stagedCount() > 0;
    }

    void scheduleDrain() {
      if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
        post(this::drain);
      }
    }

    /** At the latest {@code linger} from now, whatever else the caller sends or flushes. */
    void scheduleLinger() {
      if (lingerScheduled.compareAndSet(false, true)) {
        try {
          writer.schedule(() -> {
            lingerScheduled.set(false);
            drain();
          }, lingerNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          if (!closed) {
            throw e;
          }
        }
      }
    }

    void open() {
      if (closed) {
        return;
      }
      int g = ++generation;
      batches = 0; // what a new stream re-sends is timed from nothing: not sampled
      if (!inflight.isEmpty()) { // older than what is left of replay
        inflight.addAll(replay);
        replay = inflight;
        inflight = new ArrayDeque<>();
      }
      nextSeq = ackedThrough + 1;
      if (g > 1) {
        channel.resetConnectBackoff(); // we pace reconnects ourselves
      }
      stream = (ClientCallStreamObserver<RelayFrame>) stub.relay(new Responses(g));
      stream.onNext(RelayFrame.newBuilder().setHello(LinkHello.newBuilder()
          .setSenderHost(localHost).setReceiverHost(host).setEpoch(epoch)).build());
      drain();
    }

    /** Writes batches while the stream is ready; {@code onReady} brings us back. */
    void drain() {
      drainScheduled.set(false);
      ClientCallStreamObserver<RelayFrame> s = stream;
      if (s == null) {
        return;
      }
      while (true) {
        if (!s.isReady()) {
          if (!replay.isEmpty() || anyStaged()) {
            stalls++; // onReady will bring us back
          }
          return;
        }
        int n = 0;
        while (n < maxBatch) {
          Message m;
          if (replay.isEmpty()) {
            m = nextStaged();
          } else {
            m = replay.poll();
          }
          if (m == null) {
            break;
          }
          batch[n++] = m;
          inflight.add(m);
        }
        if (n == 0) {
          return;
        }
        RelayBatch b = RelayBatch.newBuilder().setFirstLinkSeq(nextSeq)
            .setPacked(PackedMessages.write(batch, n, packScratch)).build();
        java.util.Arrays.fill(batch, 0, n, null);
        nextSeq += n;
        frames++;
        if (batches < batchLast.length) { // else this batch goes unsampled
          int i = (batchHead + batches++) % batchLast.length;
          batchLast[i] = nextSeq - 1;
          batchAt[i] = System.nanoTime();
        }
        s.onNext(RelayFrame.newBuilder().setBatch(b).build());
      }
    }

    void onAck(int g, long through) {
      if (g != generation) {
        return; // a late word from a stream we gave up on: what it covers is re-sent anyway
      }
      backoffMillis = MIN_BACKOFF_MILLIS;
      if (down) {
        down = false;
        LOG.log(Level.INFO, "link {0}->{1} is up again", localHost, host);
      }
      long n = Math.min(through - ackedThrough, inflight.size());
      if (n <= 0) {
        return;
      }
      for (long i = 0; i < n; i++) {
        inflight.poll();
      }
      ackedThrough += n;
      settled += n; // the writer thread is settled's only writer
      long now = System.nanoTime();
      while (batches > 0 && batchLast[batchHead] <= ackedThrough) {
        ackLatency.accept(now - batchAt[batchHead]);
        batchHead = (batchHead + 1) % batchLast.length;
        batches--;
      }
      maybeWritable();
    }

    void maybeWritable() {
      if (blocked.get() && outstanding() <= lowWater && blocked.compareAndSet(true, false)) {
        listener.writable(host);
      }
    }

    /** A peer that is down is expected here: its code and reason, not the cause's stack. */
    private static String brief(Status s) {
      Throwable cause = s.getCause();
      return s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription())
          + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
    }

    void broken(int g, Throwable t) {
      if (g != generation || closed) {
        return;
      }
      stream = null;
      if (!down) {
        down = true;
        LOG.log(Level.INFO, "link {0}->{1} broke ({2}); {3} messages outstanding, reconnecting",
            localHost, host, t == null ? "closed by peer" : brief(Status.fromThrowable(t)),
            outstanding());
      }
      if (t != null) {
        // The next stream goes over a new connection: the peer this one reached may be a
        // server that is stopping while a new one (a restarted host) listens on the same port,
        // and streams on the old connection would reach the old server for ever.
        channel.enterIdle();
      }
      writer.schedule(this::open, backoffMillis, TimeUnit.MILLISECONDS);
      backoffMillis = Math.min(2 * backoffMillis, MAX_BACKOFF_MILLIS);
    }

    void forget() {
      int dropped = inflight.size() + replay.size();
      inflight.clear();
      replay.clear();
      dropped += taken.size() - takenAt;
      taken.clear();
      takenAt = 0;
      synchronized (stage) {
        dropped += staged.size();
        staged.clear();
      }
      settled += dropped;
      epoch = ThreadLocalRandom.current().nextLong();
      ackedThrough = 0;
      cancel();
      LOG.log(Level.INFO, "link {0}->{1}: forgot {2} messages, new epoch", localHost, host,
          dropped);
      open();
      maybeWritable();
    }

    void cancel() {
      if (stream != null) {
        stream.cancel("link closed", null);
        stream = null;
      }
      generation++;
    }

    /** Callbacks of one stream, on a network thread: passed to the writer. */
    private final class Responses implements ClientResponseObserver<RelayFrame, RelayAck> {
      private final int g;

      Responses(int g) {
        this.g = g;
      }

      @Override
      public void beforeStart(ClientCallStreamObserver<RelayFrame> s) {
        s.setOnReadyHandler(Link.this::scheduleDrain);
      }

      @Override
      public void onNext(RelayAck ack) {
        long through = ack.getDeliveredThrough();
        post(() -> onAck(g, through));
      }

      @Override
      public void onError(Throwable t) {
        post(() -> broken(g, t));
      }

      @Override
      public void onCompleted() {
        post(() -> broken(g, null));
      }
    }
  }
}
