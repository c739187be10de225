package org.vmqsc.runtime.manager;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vmqsc.runtime.metrics.MetricsEndpoint;
import org.vmqsc.runtime.proto.HypervisorServiceGrpc;
import org.vmqsc.runtime.proto.StatusRequest;
import org.vmqsc.runtime.proto.StatusResponse;

/**
 * The manager's live dashboard (docs/operations.md "Dashboard"), on its metrics endpoint: the
 * page at {@code /} (also {@code /dashboard}), its script and style, and {@code /api/state}, the
 * JSON the page polls. Read-only, and as trusted as /metrics: counts, lines, states and events,
 * never a guest's data or the cluster secret.
 *
 * <p>A state is the manager's own view, copied on its loop as the admin RPCs copy it, and each
 * live host's {@code Status} asked over the manager's channel to it with a short deadline, on the
 * endpoint's thread (never the loop: a slow host must not hold up reports and announcements). A
 * host that does not answer in time shows null VM fields, as in {@code status --json}.
 */
public final class Dashboard {
  /** How long a host has to answer: a dead one must not stall the page (or a scrape). */
  static final long HOST_DEADLINE_MILLIS = 500;
  static final long LOOP_DEADLINE_MILLIS = 2_000;
  /** Polls closer than this get the same answer: pages open in several tabs cost one round. */
  static final long REUSE_MILLIS = 200;
  private static final String RESOURCES = "/org/vmqsc/runtime/manager/dashboard.";

  private final ManagerNode node;
  private final DashboardState state = new DashboardState();
  private final int[] k;
  private byte[] last;
  private long lastAt;

  private Dashboard(ManagerNode node) {
    this.node = node;
    this.k = new int[node.topo.vms()];
    Arrays.setAll(k, node.topo::k);
  }

  /** Serves the dashboard on {@code endpoint}, beside /metrics and /healthz. */
  public static void mount(ManagerNode node, MetricsEndpoint endpoint) {
    Dashboard d = new Dashboard(node);
    byte[] html = resource("html");
    endpoint.route("/", "text/html; charset=utf-8",
        p -> p.equals("/") || p.equals("/dashboard") ? html : null);
    for (String[] r : new String[][] {{"js", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"}}) {
      byte[] body = resource(r[0]);
      String path = "/dashboard." + r[0];
      endpoint.route(path, r[1], p -> p.equals(path) ? body : null);
    }
    endpoint.route("/api/state", "application/json",
        p -> p.equals("/api/state") ? d.state() : null);
  }

  /** On the endpoint's one thread: {@link #last} needs no lock. */
  private byte[] state() throws Exception {
    // The wall clock, not the manager's Clock: this spaces HTTP answers, it decides nothing of
    // the protocol's (and a hand-moved clock in a test would keep one answer forever).
    long now = System.currentTimeMillis();
    if (last != null && now - lastAt < REUSE_MILLIS) {
      return last;
    }
    Copy c;
    try {
      c = CompletableFuture.supplyAsync(this::copy, node.loop)
          .get(LOOP_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the manager's loop did not answer in "
          + LOOP_DEADLINE_MILLIS + " ms");
    }
    last = DashboardState.JSON.writeValueAsBytes(state.update(c.snapshot(), ask(c.channels())));
    lastAt = now;
    return last;
  }

  private record Copy(DashboardState.Snapshot snapshot, ManagedChannel[] channels) {}

  /** On the manager's loop: its state, and a channel to each host it counts alive. */
  private Copy copy() {
    ManagedChannel[] channels = new ManagedChannel[node.hosts.length];
    for (int h = 0; h < channels.length; h++) {
      if (node.hosts[h].alive || node.hosts[h].awaitingRecovery) {
        channels[h] = node.channel(h);
      }
    }
    return new Copy(new DashboardState.Snapshot(node.spec.protocol(),
        node.spec.managerAddress(), node.spec.basePeriodMillis(), node.epochMillis,
        node.clock.millis(), k, node.status(), node.events.after(0)), channels);
  }

  /** Every host asked at once; null for one that does not answer in time. */
  private static List<StatusResponse> ask(ManagedChannel[] channels) throws InterruptedException {
    List<CompletableFuture<StatusResponse>> calls = new ArrayList<>();
    for (ManagedChannel ch : channels) {
      CompletableFuture<StatusResponse> f = new CompletableFuture<>();
      if (ch == null) {
        f.complete(null);
      } else {
        HypervisorServiceGrpc.newStub(ch)
            .withDeadlineAfter(HOST_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
            .status(StatusRequest.getDefaultInstance(), into(f));
      }
      calls.add(f);
    }
    List<StatusResponse> out = new ArrayList<>();
    for (CompletableFuture<StatusResponse> f : calls) {
      try {
        out.add(f.get(HOST_DEADLINE_MILLIS * 2, TimeUnit.MILLISECONDS));
      } catch (ExecutionException | TimeoutException e) {
        out.add(null); // the deadline ends the call itself
      }
    }
    return out;
  }

  private static StreamObserver<StatusResponse> into(CompletableFuture<StatusResponse> f) {
    return new StreamObserver<>() {
      @Override
      public void onNext(StatusResponse r) {
        f.complete(r);
      }

      @Override
      public void onError(Throwable t) {
        f.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        f.complete(null);
      }
    };
  }

  private static byte[] resource(String ext) {
    try (InputStream in = Dashboard.class.getResourceAsStream(RESOURCES + ext)) {
      if (in == null) {
        throw new IllegalStateException("missing from the jar: " + RESOURCES + ext);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
