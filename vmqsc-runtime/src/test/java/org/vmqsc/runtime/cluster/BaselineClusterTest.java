package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vmqsc.runtime.cluster.Fig2Cluster.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.hypervisor.HypervisorNode;
import org.vmqsc.runtime.hypervisor.NoRecovery;
import org.vmqsc.runtime.proto.VmLedger;
import org.vmqsc.runtime.storage.FileStableStorage;
import org.vmqsc.runtime.storage.FileStorageConfig;

/**
 * The baselines the benchmarks measure VM_QSC against, on the same runtime: the paper's Figure 2
 * cluster with bank guests under protocol {@code none} (straight relay) and {@code pessimistic}
 * (the core's pessimistic logging on real files). Both must relay the traffic with the bank total
 * and every channel's counts intact; pessimistic logging must put each receipt on disk before its
 * guest sees it; and none, which recovers nothing, must not pretend to.
 */
class BaselineClusterTest {
  @TempDir Path dir;
  Fig2Cluster c;
  HypervisorNode[] hvs;
  ClusterClient client;

  @AfterEach
  void stop() throws Exception {
    if (c != null) {
      c.close();
    }
  }

  private ClusterSpec start(String protocol, ProtocolListener listener)
      throws Exception {
    c = Fig2Cluster.start(Fig2Cluster.fig2(dir).withProtocol(protocol), listener);
    hvs = c.hvs;
    client = c.client;
    return c.spec;
  }

  @Test
  void noneRelaysBankTrafficAndWritesNothing() throws Exception {
    ClusterSpec spec = start("none", ProtocolListener.NONE);
    await(() -> received(client.allLedgers()) >= 200, 15_000, "200 messages delivered");
    client.setTraffic(false);
    await(() -> ClusterClient.checkQuiet(client.allLedgers(), spec).isEmpty(), 15_000,
        "quiet cluster conserves money and delivers every message once");
    try (Stream<Path> files = Files.walk(spec.storageDir())) {
      assertThat(files.filter(Files::isRegularFile).toList())
          .as("no checkpoint, no log, not even a boot image").isEmpty();
    }
    assertRefusesFailures("protocol none");
  }

  @Test
  void pessimisticLogsEachReceiptDurablyBeforeDelivery() throws Exception {
    Path storageDir = dir.resolve("storage");
    AtomicLong delivered = new AtomicLong();
    AtomicLong receiptRecords = new AtomicLong();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    try (FileStableStorage disk = new FileStableStorage(FileStorageConfig.builder(storageDir)
        .build(), (h, t) -> {}, problems::add)) {
      ProtocolListener checker = new ProtocolListener() {
        @Override
        public void stableLogged(LogItem item) {
          if (item.kind() == LogItem.Kind.RECEIPT && item.messages() == 1) {
            receiptRecords.incrementAndGet();
          }
        }

        @Override
        public void delivered(int vm, Message m, int interval, boolean replay) {
          delivered.incrementAndGet();
          // Read back from disk, as a recovery would: the receipt must be there already.
          if (!onDisk(disk.durableItems(vm), m)) {
            problems.add("vm " + vm + " got " + m + " before its receipt was durable");
          }
        }
      };
      ClusterSpec spec = start("pessimistic", checker);
      await(() -> received(client.allLedgers()) >= 100, 20_000, "100 messages delivered");
      client.setTraffic(false);
      await(() -> ClusterClient.checkQuiet(client.allLedgers(), spec).isEmpty(), 20_000,
          "quiet cluster conserves money and delivers every message once");
      assertThat(problems).isEmpty();
      long ledgers = received(client.allLedgers());
      assertThat(delivered.get()).isEqualTo(ledgers);
      assertThat(receiptRecords.get()).as("one log record staged per receipt").isEqualTo(ledgers);
    }
  }

  @Test
  void aBaselineHostThatBootedOnceRefusesToStartAgain() throws Exception {
    ClusterSpec spec = start("none", ProtocolListener.NONE);
    hvs[1].close();
    hvs[1] = null;
    HypervisorNode again = new HypervisorNode(spec, 1, ClusterSecret.load(spec.secretFile()));
    assertThatThrownBy(again::start).isInstanceOf(NoRecovery.class)
        .hasMessageContaining("host 1 booted before").hasMessageContaining("protocol none");
  }

  private void assertRefusesFailures(String protocol) {
    assertThatThrownBy(() -> client.failVm(0)).isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> assertThat(Status.fromThrowable(e).getCode())
            .isEqualTo(Status.Code.FAILED_PRECONDITION))
        .hasMessageContaining(protocol).hasMessageContaining("does not recover");
    assertThat(client.status(0).getVms(0).getUp()).isTrue();
  }

  private static boolean onDisk(List<StableItem> items, Message m) {
    for (StableItem it : items) {
      if (it instanceof LogItem log && log.kind() == LogItem.Kind.RECEIPT) {
        for (var e : log.entries()) {
          if (e.determinant instanceof Message d && d.from == m.from && d.seq == m.seq) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static long received(List<VmLedger> ledgers) {
    long n = 0;
    for (VmLedger l : ledgers) {
      n += LedgerWire.receivedTotal(l);
    }
    return n;
  }
}
