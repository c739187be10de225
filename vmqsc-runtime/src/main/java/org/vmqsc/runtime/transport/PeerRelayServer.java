package org.vmqsc.runtime.transport;

import io.grpc.Context;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.vmqsc.core.model.Message;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.proto.LinkHello;
import org.vmqsc.runtime.proto.PeerRelayGrpc;
import org.vmqsc.runtime.proto.RelayAck;
import org.vmqsc.runtime.proto.RelayBatch;
import org.vmqsc.runtime.proto.RelayFrame;

/**
 * The receiving end of the peer links: accepts one {@code Relay} stream per sending host,
 * checks every frame ({@link RelayRules}) and hands each VM message, in link order and once, to
 * a {@code Consumer<Message>} (the hypervisor's event loop).
 *
 * <p><b>Threads.</b> gRPC runs our stream handlers on its network threads
 * ({@code directExecutor}); they only check a frame and pass it on, never block. The consumer
 * runs on the <em>delivery executor</em>, which must run tasks one at a time in order: the
 * hypervisor's event loop, or by default a thread of this server's own.
 *
 * <p><b>Flow control.</b> Automatic inbound flow control is off: each stream has
 * {@code creditFrames} frames requested at a time, and one more is requested only after the
 * consumer has taken a whole frame. A slow consumer therefore stops gRPC reading the stream, the
 * HTTP/2 window fills, and the sender's stream stops being ready (see {@link PeerLinks}). Memory
 * here is bounded by streams × creditFrames frames of at most {@code maxFrameBytes}.
 * After the consumer has taken a frame, the stream is sent a cumulative {@link RelayAck}; the
 * sender frees its copies up to it.
 *
 * <p><b>Once and in order.</b> Link sequence numbers count per sending host and epoch (one epoch
 * per start of the sender, or per {@link PeerLinks#forget}). The server remembers the last one
 * delivered per sending host, drops what a reconnecting sender re-sends, and closes a stream that
 * skips ahead. A newer stream from the same host supersedes the older one. A restarted receiver
 * has forgotten its marks, so what its previous run delivered but did not acknowledge comes
 * again; the core drops such duplicates by channel sequence number (docs/protocol.md D5).
 *
 * <p><b>Refusals.</b> A malformed frame (no hello first, a second hello, a bad message) closes
 * that stream with INVALID_ARGUMENT and a log line; a frame above {@code maxFrameBytes} is
 * closed by gRPC with RESOURCE_EXHAUSTED. Nothing else changes: frames the stream carried before
 * are delivered, other streams carry on.
 */
public final class PeerRelayServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PeerRelayServer.class.getName());
  public static final int DEFAULT_CREDIT_FRAMES = 8;

  private final RelayRules rules;
  private final Consumer<Message> consumer;
  private final Executor delivery;
  private final ExecutorService ownDelivery;
  private final int creditFrames;
  private final Server server;
  private final Set<Inbound> live = ConcurrentHashMap.newKeySet();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();

  /** Per sending host, confined to the delivery executor. */
  private final Map<Integer, Inbound> current = new HashMap<>();
  private final Map<Integer, LinkMark> marks = new HashMap<>();
  /**
   * Streams with deliveries not yet acknowledged, and whether {@link #sendAcks} is queued
   * (delivery executor only). Acknowledging each frame from the delivery executor cost a gRPC
   * write and a wake-up of the network thread per frame: 6 % of the hypervisor loop's samples
   * at saturation. One acknowledgement task queued behind the frames already waiting covers them
   * all.
   */
  private final List<Inbound> ackDue = new ArrayList<>();
  private boolean acksQueued;

  /** The last link sequence number delivered from one sending host, in one epoch. */
  private static final class LinkMark {
    final long epoch;
    long through = -1; // unknown until the first frame of the epoch

    LinkMark(long epoch) {
      this.epoch = epoch;
    }
  }

  private PeerRelayServer(Builder b) throws IOException {
    this.rules = b.rules;
    this.consumer = b.consumer;
    this.creditFrames = b.creditFrames;
    if (b.delivery != null) {
      this.delivery = b.delivery;
      this.ownDelivery = null;
    } else {
      this.ownDelivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vmqsc-relay-delivery-h" + rules.localHost());
        t.setDaemon(true);
        return t;
      });
      this.delivery = ownDelivery;
    }
    this.server = Endpoints.server(b.bindHost, b.port, b.secret, b.tls, b.maxFrameBytes)
        .addService(new Service())
        .build()
        .start();
  }

  public static Builder builder(RelayRules rules, ClusterSecret secret,
      Consumer<Message> consumer) {
    return new Builder(rules, secret, consumer);
  }

  /** The port the server listens on (the ephemeral one if port 0 was asked for). */
  public int port() {
    return server.getPort();
  }

  /** Streams closed because of a malformed frame. */
  public long refusedStreams() {
    return refused.get();
  }

  /** Messages handed to the consumer. */
  public long delivered() {
    return delivered.get();
  }

  /** Ends every open stream as a network fault would; senders reconnect and re-send. */
  void breakStreams() {
    for (Inbound in : live) {
      in.end(Status.UNAVAILABLE.withDescription("stream broken on purpose"), false);
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
    if (ownDelivery != null) {
      ownDelivery.shutdownNow();
      ownDelivery.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  // ---- delivery executor ----------------------------------------------------------------

  /** A stream said hello: it is now the one its host's messages come by. */
  private void activate(Inbound in) {
    Inbound old = current.put(in.senderHost, in);
    if (old != null && old != in) {
      old.end(Status.ABORTED.withDescription("superseded by a newer stream from host "
          + in.senderHost), false);
    }
    LinkMark mark = marks.get(in.senderHost);
    if (mark == null || mark.epoch != in.epoch) {
      marks.put(in.senderHost, new LinkMark(in.epoch)); // a new run of the sender
    }
  }

  private void retire(Inbound in) {
    live.remove(in);
    if (in.senderHost >= 0) {
      current.remove(in.senderHost, in);
    }
  }

  private void deliver(Inbound in, long first, Message[] batch) {
    if (current.get(in.senderHost) != in) {
      return; // superseded or ended: its sender re-sends what we do not acknowledge
    }
    LinkMark mark = marks.get(in.senderHost);
    if (mark.through < 0) {
      mark.through = first - 1;
    }
    long seq = first;
    for (Message m : batch) {
      if (seq > mark.through + 1) {
        in.end(Status.INVALID_ARGUMENT.withDescription("link sequence skips from "
            + mark.through + " to " + seq), true);
        return;
      }
      if (seq == mark.through + 1) {
        hand(m);
        mark.through = seq;
      }
      seq++; // else: a re-sent message already delivered
    }
    in.ackThrough = mark.through;
    in.framesDue++;
    if (!in.ackListed) {
      in.ackListed = true;
      ackDue.add(in);
    }
    if (!acksQueued) {
      acksQueued = in.toDelivery(this::sendAcks); // behind the frames queued now
    }
  }

  /** Acknowledges what was delivered, and gives back the frames' credit, once per stream. */
  private void sendAcks() {
    acksQueued = false;
    for (Inbound in : ackDue) {
      in.ackListed = false;
      int frames = in.framesDue;
      in.framesDue = 0;
      in.ack(in.ackThrough);
      if (!in.closed) {
        in.call.request(frames);
      }
    }
    ackDue.clear();
  }

  private void hand(Message m) {
    try {
      consumer.accept(m);
      delivered.incrementAndGet();
    } catch (RuntimeException e) {
      // A bug in the consumer; the message counts as handed over, so that re-sending it does
      // not repeat the failure forever.
      LOG.log(Level.ERROR, "consumer failed on " + m, e);
    }
  }

  // ---- network threads --------------------------------------------------------------------

  private final class Service extends PeerRelayGrpc.PeerRelayImplBase {
    @Override
    public StreamObserver<RelayFrame> relay(StreamObserver<RelayAck> responses) {
      var call = (ServerCallStreamObserver<RelayAck>) responses;
      call.disableAutoRequest();
      Inbound in = new Inbound(call);
      call.setOnCancelHandler(() -> in.closed = true);
      live.add(in);
      call.request(1 + creditFrames); // the hello, and the first frames
      return in;
    }
  }

  /** One sending host's stream. Frames arrive on a network thread, one at a time. */
  private final class Inbound implements StreamObserver<RelayFrame> {
    final ServerCallStreamObserver<RelayAck> call;
    int senderHost = -1;
    long epoch;
    volatile boolean closed;
    /** Delivered through, frames delivered since the last acknowledgement (delivery only). */
    long ackThrough;
    int framesDue;
    boolean ackListed;

    Inbound(ServerCallStreamObserver<RelayAck> call) {
      this.call = call;
    }

    @Override
    public void onNext(RelayFrame f) {
      if (closed) {
        return;
      }
      switch (f.getBodyCase()) {
        case HELLO -> hello(f.getHello());
        case BATCH -> batch(f.getBatch());
        default -> end(Status.INVALID_ARGUMENT.withDescription("empty frame"), true);
      }
    }

    private void hello(LinkHello h) {
      String problem = senderHost >= 0 ? "second hello" : rules.problem(h);
      if (problem != null) {
        end(Status.INVALID_ARGUMENT.withDescription(problem), true);
        return;
      }
      senderHost = h.getSenderHost();
      epoch = h.getEpoch();
      if (!toDelivery(() -> activate(this))) {
        end(Status.UNAVAILABLE.withDescription("relay server stopping"), false);
      }
    }

    private void batch(RelayBatch b) {
      if (senderHost < 0) {
        end(Status.INVALID_ARGUMENT.withDescription("messages before hello"), true);
        return;
      }
      int n = b.getMessagesCount();
      boolean packed = !b.getPacked().isEmpty();
      if ((n == 0) == !packed || b.getFirstLinkSeq() < 1) {
        end(Status.INVALID_ARGUMENT.withDescription(packed ? "packed and unpacked messages in "
            + "one batch" : "empty batch or link sequence < 1"), true);
        return;
      }
      Message[] ms = packed ? unpack(b) : new Message[n];
      for (int i = 0; i < n; i++) {
        var vm = b.getMessages(i);
        String problem = rules.problem(senderHost, vm);
        if (problem != null) {
          end(Status.INVALID_ARGUMENT.withDescription(problem), true);
          return;
        }
        ms[i] = Wire.fromProto(vm);
      }
      if (ms == null) {
        return; // refused
      }
      long first = b.getFirstLinkSeq();
      if (!toDelivery(() -> deliver(this, first, ms))) {
        end(Status.UNAVAILABLE.withDescription("relay server stopping"), false);
      }
    }

    /** The batch's packed messages, or null when it was refused (and the stream ended). */
    private Message[] unpack(RelayBatch b) {
      try {
        return PackedMessages.read(b.getPacked(), senderHost, rules);
      } catch (PackedMessages.Refused e) {
        end(Status.INVALID_ARGUMENT.withDescription(e.getMessage()), true);
        return null;
      }
    }

    @Override
    public void onError(Throwable t) {
      closed = true;
      Throwable cause = Context.current().cancellationCause();
      LOG.log(Level.INFO, "relay stream from host {0} ended: {1}", senderHost,
          Status.fromThrowable(cause != null ? cause : t));
      toDelivery(() -> retire(this));
    }

    @Override
    public void onCompleted() {
      toDelivery(() -> {
        retire(this);
        synchronized (this) {
          if (!closed) {
            closed = true;
            call.onCompleted();
          }
        }
      });
    }

    /** From the delivery executor; the lock orders it against {@link #end} from the network. */
    synchronized void ack(long through) {
      if (!closed) {
        call.onNext(RelayAck.newBuilder().setDeliveredThrough(through).build());
      }
    }

    /**
     * Closes the stream with {@code status}. Frames it delivered before stay delivered: the
     * retirement queues behind them.
     */
    void end(Status status, boolean refusal) {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        call.onError(status.asRuntimeException());
      }
      if (refusal) {
        refused.incrementAndGet();
        LOG.log(Level.WARNING, "refused relay stream from host {0}: {1}",
            senderHost < 0 ? "?" : senderHost, status.getDescription());
      }
      toDelivery(() -> retire(this));
    }

    /**
     * Hands work to the delivery executor; false once it is shut down (this server is closing,
     * or its hypervisor is): the stream must then end, so that the sender opens a new
     * connection, to whatever server now listens, instead of talking to this one for ever.
     */
    private boolean toDelivery(Runnable r) {
      try {
        delivery.execute(r);
        return true;
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return false;
      }
    }
  }

  /** Where the server listens and how it treats streams. */
  public static final class Builder {
    private final RelayRules rules;
    private final ClusterSecret secret;
    private final Consumer<Message> consumer;
    private String bindHost = Endpoints.DEFAULT_BIND_HOST;
    private int port = 0;
    private Executor delivery;
    private int maxFrameBytes = Endpoints.DEFAULT_MAX_FRAME_BYTES;
    private int creditFrames = DEFAULT_CREDIT_FRAMES;
    private org.vmqsc.runtime.auth.TlsIdentity tls;

    private Builder(RelayRules rules, ClusterSecret secret, Consumer<Message> consumer) {
      this.rules = Objects.requireNonNull(rules, "rules");
      this.secret = Objects.requireNonNull(secret, "secret");
      this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    /** Default 127.0.0.1 and an ephemeral port. */
    public Builder bind(String host, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of 0..65535: " + port);
      }
      this.bindHost = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /** Where the consumer runs; it must run tasks one at a time, in submission order. */
    public Builder delivery(Executor serial) {
      this.delivery = Objects.requireNonNull(serial, "delivery");
      return this;
    }

    public Builder maxFrameBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxFrameBytes must be >= 1024, got " + bytes);
      }
      this.maxFrameBytes = bytes;
      return this;
    }

    /** Frames a stream may have between gRPC and the consumer (default 8). */
    public Builder creditFrames(int frames) {
      if (frames < 1) {
        throw new IllegalArgumentException("creditFrames must be >= 1, got " + frames);
      }
      this.creditFrames = frames;
      return this;
    }

    /** Mutual TLS with this identity's cluster CA (default none: plaintext, for tests alone). */
    public Builder tls(org.vmqsc.runtime.auth.TlsIdentity identity) {
      this.tls = identity;
      return this;
    }

    public PeerRelayServer start() throws IOException {
      return new PeerRelayServer(this);
    }
  }
}
