package org.vmqsc.core.baseline.none;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.BankGuest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.role.ProtocolRegistry;
import org.vmqsc.core.role.RoleSystem;
import org.vmqsc.core.spi.ProtocolContext;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableStorage;

/** Protocol none by hand: it stamps, relays and delivers, and touches nothing else. */
class NoneProtocolTest {
  private final List<Object[]> wire = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  // VMs 0 and 1 on host 0, VM 2 on host 1.
  private final Topology topo = new Topology(new int[] {1, 2, 1}, new int[] {0, 0, 1},
      new long[] {1000, 1000, 1000}, 2, 100);
  private final RoleSystem none = new RoleSystem(new NoneRoles(), new ProtocolContext(topo,
      Rules.ALL, (dest, m) -> wire.add(new Object[] {dest, m}), new NoStorage(), new Recorder(),
      () -> 0L));

  NoneProtocolTest() {
    none.boot(v -> new BankGuest(v, 100, new Ledger(3)));
  }

  @Test
  void aSendWithinTheHostIsDeliveredAtOnceAndOneAcrossHostsGoesOnTheWire() {
    none.onTick(0, 4);
    none.onTimer(0, new TimerFire(1, 7));
    none.onTimer(0, new TimerFire(2, 8));
    none.onTimer(0, new TimerFire(2, 9));

    assertThat(events).containsExactly("sent 0->1 #1 idx4", "delivered 0->1", "sent 0->2 #1 idx4",
        "sent 0->2 #2 idx4");
    assertThat(wire).hasSize(2);
    assertThat(wire.get(0)[0]).isEqualTo(1);
    Message m = (Message) wire.get(1)[1];
    none.onArrival(1, (Message) wire.get(0)[1]);
    none.onArrival(1, m);
    assertThat(none.guest(2).ledger().recvCount(0)).isEqualTo(2);
    assertThat(none.guest(0).ledger().sentCount(2)).isEqualTo(2);
    long total = none.guest(0).balance() + none.guest(1).balance() + none.guest(2).balance();
    assertThat(total).as("money is only moved").isEqualTo(300);
  }

  @Test
  void noLineIsEverTakenAndRecoveryIsRefused() {
    none.onTick(0, 1);
    none.onTick(1, 1);

    assertThat(none.takenLine()).isEqualTo(-1);
    assertThat(none.durableLine()).isEqualTo(-1);
    assertThat(none.exemptFrom()).as("on a failure-free run it promises everything").isEmpty();
    assertThatThrownBy(() -> none.failVm(0)).hasMessageContaining("cannot recover");
    assertThatThrownBy(() -> none.failHost(1)).hasMessageContaining("cannot recover");
    assertThatThrownBy(() -> none.recoverHosts(Set.of(1), new int[2]))
        .hasMessageContaining("cannot recover");
    assertThat(none.isUp(0)).isTrue();
    assertThat(ProtocolRegistry.get("none").recovers()).isFalse();
  }

  private final class Recorder implements ProtocolListener {
    @Override
    public void sent(int vm, Message m) {
      events.add("sent " + m.from + "->" + m.to + " #" + m.seq + " idx" + m.senderIndex);
    }

    @Override
    public void delivered(int vm, Message m, int interval, boolean replay) {
      events.add("delivered " + m.from + "->" + m.to);
    }

    @Override
    public void checkpoint(int vm, int firstIndex, int dueIndex, boolean forced, long bytes) {
      throw new AssertionError("none never checkpoints");
    }

    @Override
    public void controlMessage(String kind) {
      throw new AssertionError("none sends no control messages");
    }
  }

  /** Storage that fails the test if anything is ever staged or read. */
  private static final class NoStorage implements StableStorage {
    @Override
    public long stage(int host, StableItem item) {
      throw new AssertionError("none stages nothing");
    }

    @Override
    public void preload(StableItem item) {
      throw new AssertionError("none keeps no boot image");
    }

    @Override
    public List<StableItem> durableItems(int vm) {
      throw new AssertionError("none reads nothing");
    }

    @Override
    public void reclaim(int vm, int lineIndex) {
      throw new AssertionError("none reclaims nothing");
    }

    @Override
    public void discardFuture(int vm, int incarnation, int fromInterval) {
      throw new AssertionError("none discards nothing");
    }
  }
}
