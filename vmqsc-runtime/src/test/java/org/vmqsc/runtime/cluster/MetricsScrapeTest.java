package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmqsc.runtime.cluster.Fig2Cluster.await;
import static org.vmqsc.runtime.cluster.Fig2Cluster.fig2;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.metrics.Exposition;
import org.vmqsc.runtime.proto.PeerLedger;
import org.vmqsc.runtime.proto.VmLedger;
import org.vmqsc.runtime.storage.WriteFault;
import org.vmqsc.runtime.transport.Endpoints;

/**
 * A live cluster scraped (docs/operations.md): the paper's Figure 2 cluster in this JVM, on real
 * gRPC and HTTP, every process serving /metrics on a free port. Its traffic runs, VM 0 fails and
 * is replayed; the expositions pass Prometheus's own {@code promtool check metrics}; the values
 * move as the cluster does and agree with what the guests hold; the health endpoints answer, and
 * /healthz turns 503 while a host's storage refuses writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsScrapeTest {
  Fig2Cluster c;
  /** The manager's durable line at the first scrape, before VM 0 failed. */
  double firstDurable;

  @BeforeAll
  void startWithTrafficAndAVmFailure(@TempDir Path dir) throws Exception {
    c = Fig2Cluster.startServingMetrics(fig2(dir));
    await(() -> c.client.clusterStatus().getDurableLine() >= 2, 20_000, "durable line >= 2");
    firstDurable = manager().value("vmqsc_line_durable");
    assertThat(c.client.failVm(0)).isTrue();
    await(() -> c.client.status(0).getVms(0).getUp(), 10_000, "vm 0 restored");
    await(() -> manager().value("vmqsc_line_durable") >= firstDurable + 2, 20_000,
        "the durable line gauge rises by 2");
    // The line moves without messages: that each host has received some is the guests' to say.
    await(() -> receivedFromTheOtherHost(0) && receivedFromTheOtherHost(1), 20_000,
        "the guests of each host hold a message from the other host");
  }

  /** Whether a guest on host {@code h} holds a message sent from a VM of the other host. */
  private boolean receivedFromTheOtherHost(int h) {
    for (VmLedger l : c.client.allLedgers()) {
      if (c.spec.topology().hostOf(l.getVm()) != h) {
        continue;
      }
      for (PeerLedger p : l.getChannelsList()) {
        if (c.spec.topology().hostOf(p.getPeer()) != h && p.getRecvCount() > 0) {
          return true;
        }
      }
      for (int peer = 0; peer < l.getRecvCountCount(); peer++) {
        if (c.spec.topology().hostOf(peer) != h && l.getRecvCount(peer) > 0) {
          return true;
        }
      }
    }
    return false;
  }

  @AfterAll
  void stop() throws Exception {
    if (c != null) {
      c.close();
    }
  }

  private Exposition manager() {
    return scrape(c.manager.servedMetricsPort());
  }

  private Exposition host(int h) {
    return scrape(c.hvs[h].servedMetricsPort());
  }

  /** A scrape; a failure is unchecked so that {@code await} asks again. */
  private static Exposition scrape(int port) {
    try {
      return Exposition.scrape(port);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  @Order(1)
  void everyProcessesExpositionPassesPromtool() throws Exception {
    Path promtool = Exposition.promtool();
    Assumptions.assumeTrue(promtool != null, "promtool is not installed (Debian: apt-get install"
        + " prometheus; .ci/run installs it): the exposition is not validated");
    for (Exposition e : List.of(manager(), host(0), host(1))) {
      assertThat(e.promtoolProblems(promtool)).as("promtool check metrics").isEmpty();
    }
  }

  @Test
  @Order(2)
  void theValuesMoveAsTheClusterDoes() throws Exception {
    Exposition m = manager();
    assertThat(firstDurable).isGreaterThanOrEqualTo(0);
    assertThat(m.value("vmqsc_line_durable")).isGreaterThanOrEqualTo(firstDurable + 2);
    assertThat(m.value("vmqsc_line_taken")).isGreaterThanOrEqualTo(m.value("vmqsc_line_durable"));
    assertThat(m.value("vmqsc_host_up{host=\"0\"}")).isEqualTo(1);
    assertThat(m.value("vmqsc_host_up{host=\"1\"}")).isEqualTo(1);
    for (int h = 0; h < 2; h++) {
      Exposition e = host(h);
      String on = "{host=\"" + h + "\"}";
      assertThat(e.value("vmqsc_checkpoints_total{host=\"" + h + "\",kind=\"basic\"}"))
          .as("host %d basic checkpoints", h).isPositive();
      assertThat(e.value("vmqsc_checkpoint_write_seconds_count" + on)).isPositive();
      assertThat(e.value("vmqsc_checkpoint_durable_lag_seconds_sum" + on)).isPositive();
      assertThat(e.value("vmqsc_checkpoint_size_bytes_max" + on)).isGreaterThanOrEqualTo(4096);
      assertThat(e.value("vmqsc_relay_sent_messages_total" + on)).isPositive();
      assertThat(e.value("vmqsc_relay_received_messages_total" + on)).isPositive();
      assertThat(e.value("vmqsc_relay_frames_total" + on)).isPositive();
      assertThat(e.value("vmqsc_storage_written_bytes_total" + on)).isPositive();
      // Figure 2's MI VMs log what they receive stably (R6) on both hosts.
      assertThat(e.value("vmqsc_stable_logged_messages_total{cause=\"R6\"," + on.substring(1)))
          .isPositive();
      assertThat(e.value("vmqsc_eta" + on)).isStrictlyBetween(0.0, 1.0);
    }
    assertThat(host(0).value("vmqsc_vm_replay_seconds_count{host=\"0\"}"))
        .as("vm 0's failure was replayed on host 0").isEqualTo(1);
  }

  @Test
  @Order(3)
  void everyProcessAnswersHealthChecks() throws Exception {
    List<String> addresses = new ArrayList<>(List.of(c.spec.managerAddress()));
    addresses.add(c.spec.controlAddress(0));
    addresses.add(c.spec.controlAddress(1));
    for (String a : addresses) {
      ManagedChannel ch = Endpoints.channel(a, c.secret,
          ClusterTls.identity(c.spec, ClusterTls.ADMIN), Endpoints.DEFAULT_MAX_FRAME_BYTES);
      try {
        assertThat(HealthGrpc.newBlockingStub(ch).check(HealthCheckRequest.getDefaultInstance())
            .getStatus()).as("gRPC health of %s", a).isEqualTo(ServingStatus.SERVING);
      } finally {
        ch.shutdownNow();
      }
    }
    for (int port : new int[] {c.manager.servedMetricsPort(), c.hvs[0].servedMetricsPort(),
        c.hvs[1].servedMetricsPort()}) {
      var r = Exposition.get(port, "/healthz");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).startsWith("ok ");
    }
  }

  @Test
  @Order(4)
  void healthzTurnsUnhealthyWhileAHostsStorageRefusesWrites() throws Exception {
    int port = c.hvs[1].servedMetricsPort();
    Path fault = WriteFault.file(c.spec.storageDir(), 1);
    Files.writeString(fault, "No space left on device (test)\n");
    try {
      await(() -> status(port) == 503, 10_000, "host 1 /healthz 503");
      assertThat(Exposition.get(port, "/healthz").body()).contains("unhealthy host 1")
          .contains("writes fail");
      await(() -> manager().value("vmqsc_line_durable_lag_periods") >= 3, 10_000,
          "the durable line trails the taken line while host 1 cannot write");
      assertThat(status(c.hvs[0].servedMetricsPort())).isEqualTo(200);
    } finally {
      Files.delete(fault);
    }
    await(() -> status(port) == 200, 20_000, "host 1 /healthz 200 once writes succeed");
  }

  /**
   * After the drain, the hosts' message counters agree with what the guests hold: every message
   * a guest's ledger counts as sent was counted once by its host, and every one received once
   * (a VM's replay re-sends and re-delivers without counting again).
   */
  @Test
  @Order(5)
  void theMessageCountersAgreeWithTheGuestsLedgers() throws Exception {
    c.awaitQuietAndWhole();
    long sent = 0;
    long received = 0;
    for (VmLedger l : c.client.allLedgers()) {
      sent += l.getSentCountList().stream().mapToLong(Integer::longValue).sum();
      received += l.getRecvCountList().stream().mapToLong(Integer::longValue).sum();
      for (PeerLedger p : l.getChannelsList()) {
        sent += p.getSentCount();
        received += p.getRecvCount();
      }
    }
    assertThat(sent).isPositive();
    double countedSent = 0;
    double countedDelivered = 0;
    for (int h = 0; h < 2; h++) {
      countedSent += host(h).value("vmqsc_relay_sent_messages_total{host=\"" + h + "\"}");
      countedDelivered += host(h).value("vmqsc_delivered_messages_total{host=\"" + h + "\"}");
    }
    assertThat((long) countedSent).as("messages sent, by the hosts' counters").isEqualTo(sent);
    assertThat((long) countedDelivered).as("messages delivered, by the hosts' counters")
        .isEqualTo(received);
  }

  private static int status(int port) {
    try {
      return Exposition.get(port, "/healthz").statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
