package org.vmqsc.runtime.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * One process's HTTP endpoint: {@code GET /metrics} (Prometheus text format 0.0.4) and {@code GET
 * /healthz} (200 and {@code ok} when healthy, 503 and the reason otherwise). The JDK's own server
 * on one daemon thread: a scrape every few seconds needs no more, and the relay path never waits
 * for it. Unauthenticated, like the Prometheus exporters it stands beside: it tells counts and
 * states, never a guest's data or the cluster secret.
 */
public final class MetricsEndpoint implements AutoCloseable {
  /** Prometheus's text exposition format, as its scrapers ask for it. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Serves {@code registry} on {@code bindHost:port} (0: a free port, see {@link #port()}).
   * {@code problem} says why the process is not healthy now, or null when it is.
   */
  public static MetricsEndpoint start(String bindHost, int port, PrometheusMeterRegistry registry,
      Supplier<String> problem, String name) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(bindHost, port), 16);
    ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "vmqsc-metrics-" + name);
      t.setDaemon(true);
      return t;
    });
    s.setExecutor(ex);
    s.createContext("/metrics", x -> answer(x, 200, CONTENT_TYPE, registry.scrape()));
    s.createContext("/healthz", x -> {
      String why = problem.get();
      answer(x, why == null ? 200 : 503, "text/plain; charset=utf-8",
          why == null ? "ok " + name + "\n" : "unhealthy " + name + ": " + why + "\n");
    });
    s.start();
    return new MetricsEndpoint(s, ex);
  }

  private static void answer(HttpExchange x, int code, String type, String body)
      throws IOException {
    answer(x, code, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void answer(HttpExchange x, int code, String type, byte[] bytes)
      throws IOException {
    try (x) {
      if (!"GET".equals(x.getRequestMethod()) && !"HEAD".equals(x.getRequestMethod())) {
        x.sendResponseHeaders(405, -1);
        return;
      }
      x.getResponseHeaders().set("Content-Type", type);
      boolean head = "HEAD".equals(x.getRequestMethod());
      x.sendResponseHeaders(code, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = x.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  /** What a {@link #route} answers: the body, or null for 404 (the path names nothing). */
  @FunctionalInterface
  public interface Body {
    byte[] of(String path) throws Exception;
  }

  /**
   * Serves {@code body} at {@code path} and below it (read-only: GET and HEAD) on this endpoint's
   * one thread, as another page beside /metrics (the manager's dashboard). A body that throws is
   * answered 503 with its message: the page shows it and asks again.
   */
  public void route(String path, String type, Body body) {
    server.createContext(path, x -> {
      if (!"GET".equals(x.getRequestMethod()) && !"HEAD".equals(x.getRequestMethod())) {
        answer(x, 405, type, new byte[0]); // before the body: a POST costs nothing
        return;
      }
      byte[] bytes;
      try {
        bytes = body.of(x.getRequestURI().getPath());
      } catch (Exception e) {
        answer(x, 503, "text/plain; charset=utf-8", "unavailable: " + e.getMessage() + "\n");
        return;
      }
      if (bytes == null) {
        answer(x, 404, "text/plain; charset=utf-8", "not found\n");
      } else {
        answer(x, 200, type, bytes);
      }
    });
  }

  /** The port it listens on (the one picked when it was asked for 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
