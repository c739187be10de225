package org.vmqsc.core.role;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.BankGuest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.spi.ProtocolContext;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableStorage;
import org.vmqsc.core.spi.Transport;

/**
 * State that grows with the work (issue 14): a host running 3 VMs, each sending to 2 peers and
 * hearing from them, holds the same state whether the cloud has 1,000 VMs or 100,000. Dense
 * per-VM or per-channel arrays (one slot per VM, per VM or per host) would make the big cloud's
 * host hold hundreds of thousands of slots more; every protocol's host role is measured.
 */
class HostStateScaleTest {
  static List<String> protocols() {
    return ProtocolRegistry.names();
  }

  @ParameterizedTest
  @MethodSource("protocols")
  void aHostOfThreeVmsHoldsTheSameStateInACloudOfAHundredThousand(String protocol) {
    long small = retainedAfterTraffic(protocol, 1_000);
    long big = retainedAfterTraffic(protocol, 100_000);
    System.out.printf("%s: host 0 holds %d slots at 1,000 VMs, %d at 100,000%n", protocol, small, big);
    assertThat(big).as("%s: slots held by host 0 of 100,000 VMs (1,000 VMs: %d)", protocol, small)
        .isLessThan(20_000).isLessThanOrEqualTo(small + 64);
  }

  /** Host 0 runs VMs 0-2; the rest run on host 1, which the test plays by hand. */
  private static long retainedAfterTraffic(String protocol, int vms) {
    int[] k = new int[vms];
    int[] hostOf = new int[vms];
    long[] bytes = new long[vms];
    for (int v = 0; v < vms; v++) {
      k[v] = 2;
      hostOf[v] = v < 3 ? 0 : 1;
      bytes[v] = 1000;
    }
    Topology topo = new Topology(k, hostOf, bytes, 2, 100);
    List<Message> wire = new ArrayList<>();
    Transport net = (dest, m) -> wire.add(m);
    Storage storage = new Storage();
    ProtocolContext ctx = new ProtocolContext(topo, Rules.ALL, net, storage,
        ProtocolListener.NONE, () -> 0L);
    HostRole host = ProtocolRegistry.get(protocol).host(new HostEnv(0, ctx, c -> {}));
    host.boot(v -> new BankGuest(v, 100, new Ledger(vms)));
    int[] peers = {vms - 1, vms / 2};
    int[][] seq = new int[2][3]; // per channel peer -> local VM
    for (int x = 1; x <= 6; x++) {
      host.onTick(x);
      for (int v = 0; v < 3; v++) {
        host.onTimer(v, new TimerFire(peers[x % 2], x));
        int p = (x + v) % 2;
        host.onArrival(new Message(peers[p], v, ++seq[p][v], x, 0, 17 * x, 1));
      }
      if (storage.ticket > 0) {
        host.onDurable(storage.ticket);
      }
    }
    assertThat(wire).as("%s relayed the VMs' sends", protocol).isNotEmpty();
    return RetainedSlots.of(host, topo, net, storage, ctx, ProtocolListener.NONE);
  }

  /** Writes complete when the test says; nothing is ever read back. */
  private static final class Storage implements StableStorage {
    long ticket;
    final Map<Integer, List<StableItem>> items = new HashMap<>();

    @Override
    public long stage(int host, StableItem item) {
      return ++ticket;
    }

    @Override
    public void preload(StableItem item) {
      items.computeIfAbsent(item.vm(), v -> new ArrayList<>()).add(item);
    }

    @Override
    public List<StableItem> durableItems(int vm) {
      return items.getOrDefault(vm, List.of());
    }

    @Override
    public void reclaim(int vm, int lineIndex) {}

    @Override
    public void discardFuture(int vm, int incarnation, int fromInterval) {}
  }
}
