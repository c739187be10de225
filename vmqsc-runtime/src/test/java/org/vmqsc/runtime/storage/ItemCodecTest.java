package org.vmqsc.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.guest.Send;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;

class ItemCodecTest {
  @Test
  void everyItemRoundTrips() throws Exception {
    qt().withExamples(500).forAll(longs().all()).checkAssert(seed -> {
      StableItem item = TestItems.random(seed);
      StableItem back = decode(ItemCodec.encode(item));
      assertThat(ItemCodec.sameContent(item, back)).isTrue();
      assertThat(back.getClass()).isEqualTo(item.getClass());
      assertThat(back.vm()).isEqualTo(item.vm());
      assertThat(back.interval()).isEqualTo(item.interval());
      assertThat(back.incarnation()).isEqualTo(item.incarnation());
      assertThat(back.bytes()).isEqualTo(item.bytes());
      if (item instanceof CheckpointItem c) {
        sameCheckpoint(c, (CheckpointItem) back, seed);
      } else {
        sameLog((LogItem) item, (LogItem) back);
      }
    });
  }

  /** Indistinguishable: same state now, and the same sends and states under the same events. */
  private static void sameCheckpoint(CheckpointItem c, CheckpointItem d, long seed) {
    assertThat(d.firstIndex()).isEqualTo(c.firstIndex());
    assertThat(d.dueIndex()).isEqualTo(c.dueIndex());
    assertThat(d.image().sendSeq()).containsExactly(c.image().sendSeq());
    assertThat(d.image().recvSeq()).containsExactly(c.image().recvSeq());
    Guest a = c.image().guest().copy();
    Guest b = d.image().guest();
    assertThat(b.getClass()).isEqualTo(a.getClass());
    sameGuest(a, b);
    SplittableRandom r = new SplittableRandom(seed ^ 0x5A5A);
    int peers = c.image().sendSeq().length;
    for (int i = 0; i < 30; i++) {
      if (r.nextBoolean()) {
        TimerFire t = new TimerFire(r.nextInt(peers), r.nextLong());
        Send sa = a.fire(t);
        Send sb = b.fire(t);
        assertThat(sb).isEqualTo(sa);
      } else {
        Message m = new Message(r.nextInt(peers), a.self(), i, 0, 0, r.nextLong(), r.nextInt(50));
        a.receive(m);
        b.receive(m);
      }
      sameGuest(a, b);
    }
  }

  private static void sameGuest(Guest a, Guest b) {
    assertThat(b.self()).isEqualTo(a.self());
    assertThat(b.digest()).isEqualTo(a.digest());
    assertThat(b.balance()).isEqualTo(a.balance());
    Ledger la = a.ledger();
    Ledger lb = b.ledger();
    assertThat(lb).isEqualTo(la);
    if (la != null) {
      for (int p = 0; p < la.peers(); p++) {
        assertThat(lb.sentAmount(p)).isEqualTo(la.sentAmount(p));
        assertThat(lb.recvAmount(p)).isEqualTo(la.recvAmount(p));
        assertThat(lb.sentCount(p)).isEqualTo(la.sentCount(p));
        assertThat(lb.recvCount(p)).isEqualTo(la.recvCount(p));
      }
    }
  }

  private static void sameLog(LogItem a, LogItem b) {
    assertThat(b.kind()).isEqualTo(a.kind());
    assertThat(b.messages()).isEqualTo(a.messages());
    assertThat(b.entries()).hasSameSizeAs(a.entries());
    for (int i = 0; i < a.entries().size(); i++) {
      LogEntry x = a.entries().get(i);
      LogEntry y = b.entries().get(i);
      assertThat(y.interval).isEqualTo(x.interval);
      assertThat(y.r8).isEqualTo(x.r8);
      assertThat(y.position).isEqualTo(x.position);
      if (x.determinant instanceof TimerFire t) {
        assertThat(y.determinant).isEqualTo(t);
      } else {
        Message m = (Message) x.determinant;
        Message n = (Message) y.determinant;
        assertThat(new long[] {n.from, n.to, n.seq, n.senderIndex, n.senderIncarnation,
            n.payload, n.amount}).containsExactly(m.from, m.to, m.seq, m.senderIndex,
            m.senderIncarnation, m.payload, m.amount);
      }
    }
  }

  /** A guest from outside the core keeps its own state through a checkpoint on disk. */
  @Test
  void aGuestLoadedByClassRoundTripsWithItsOwnState() throws Exception {
    org.vmqsc.runtime.guests.TallyGuest g = new org.vmqsc.runtime.guests.TallyGuest(1,
        new Ledger(3));
    for (int i = 1; i <= 5; i++) {
      g.receive(new Message(0, 1, i, 0, 0, i * 31L, 0));
    }
    CheckpointItem c = new CheckpointItem(1, 2, 2, 0,
        new org.vmqsc.core.spi.VmImage(g, new int[3], new int[] {5, 0, 0}), 4096);
    CheckpointItem back = (CheckpointItem) decode(ItemCodec.encode(c));
    assertThat(back.image().guest()).isInstanceOf(org.vmqsc.runtime.guests.TallyGuest.class);
    assertThat(((org.vmqsc.runtime.guests.TallyGuest) back.image().guest()).received())
        .isEqualTo(5);
    sameCheckpoint(c, back, 7);
  }

  /** A class named in a checkpoint that cannot be a guest is corruption, not code to run. */
  @Test
  void aCheckpointNamingAClassThatIsNoGuestIsRefused() {
    Guest odd = new Guest(0, 1, null) { // no (int, Ledger) constructor: cannot be restored
      @Override
      protected void applyReceive(Message m) {}

      @Override
      protected Send applyTimer(TimerFire t) {
        return null;
      }

      @Override
      public Guest copy() {
        return this;
      }
    };
    byte[] data = ItemCodec.encode(new CheckpointItem(0, 1, 1, 0,
        new org.vmqsc.core.spi.VmImage(odd, new int[1], new int[1]), 64));
    assertThatThrownBy(() -> ItemCodec.decode(data)).isInstanceOf(CorruptItemException.class)
        .hasMessageContaining("cannot be restored");
  }

  @Test
  void smallCountersTakeFewBytes() {
    LogItem log = TestItems.log(1, LogItem.Kind.R6, 3, 0);
    // header fields, two entries: a message (fixed payload) and a timer (fixed draw)
    assertThat(ItemCodec.encode(log)).hasSizeLessThan(48);
  }

  @Test
  void everyTruncationOfAnEncodingIsRefused() {
    byte[] full = ItemCodec.encode(TestItems.checkpoint(2, 4, 1, 100));
    for (int n = 0; n < full.length; n++) {
      byte[] cut = Arrays.copyOf(full, n);
      assertThatThrownBy(() -> ItemCodec.decode(cut)).isInstanceOf(CorruptItemException.class);
    }
    byte[] longer = Arrays.copyOf(full, full.length + 1);
    assertThatThrownBy(() -> ItemCodec.decode(longer)).hasMessageContaining("stray bytes");
  }

  @Test
  void anUnknownVersionIsRefusedNotGuessed() {
    byte[] data = ItemCodec.encode(TestItems.log(0, LogItem.Kind.R8, 1, 0));
    data[0] = ItemCodec.VERSION + 1;
    assertThatThrownBy(() -> ItemCodec.decode(data))
        .hasMessageContaining("version " + (ItemCodec.VERSION + 1));
  }

  @Test
  void aHugeCountCannotExhaustMemory() {
    // version, log type, vm 0, R6, interval 0, incarnation 0, messages 0, bytes 0, then 2^62 entries
    byte[] data = {ItemCodec.VERSION, 2, 0, 1, 0, 0, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40};
    assertThatThrownBy(() -> ItemCodec.decode(data)).hasMessageContaining("exceeds");
  }

  /**
   * A checkpoint carries its guest's ledger for the peers the guest talked to, not one slot per
   * VM: a VM of a 1,000-VM cluster that talked to ten peers wrote 20 KB of mostly zeros before.
   */
  @Test
  void aLedgerOfTenPeersAmongAThousandVmsTakesFewBytes() throws Exception {
    Ledger ledger = new Ledger(1000);
    org.vmqsc.core.guest.BankGuest g = new org.vmqsc.core.guest.BankGuest(7, 1000, ledger);
    for (int i = 0; i < 200; i++) {
      g.fire(new org.vmqsc.core.model.TimerFire(97 * (i % 10) + 3, 7919L * i));
    }
    CheckpointItem c = new CheckpointItem(7, 5, 5, 0,
        new org.vmqsc.core.spi.VmImage(g, new int[0], new int[0]), 64);
    byte[] data = ItemCodec.encode(c);
    assertThat(data.length).isLessThan(600); // ten channels of ~25 bytes, and the guest
    CheckpointItem back = (CheckpointItem) decode(data);
    Ledger l = back.image().guest().ledger();
    assertThat(l).isEqualTo(ledger);
    assertThat(l.touched()).hasSize(10);
    assertThat(l.peers()).isEqualTo(1000);
    assertThat(back.image().guest().digest()).isEqualTo(g.digest());
    assertThat(ItemCodec.sameContent(back, c)).isTrue();
  }

  /**
   * A VM that talked to two peers writes and reads a checkpoint whose size does not depend on how
   * many VMs the cluster has (the spans are varints: 3 bytes from 16,384 to 2,097,151 VMs), and
   * reading it back allocates for its two records and two channel counters, not for a slot per VM
   * (six ledger arrays of a slot per VM were 40 MB at 1,000,000 VMs; the counters of version 3,
   * one varint per VM twice, 2 MB on disk).
   */
  @Test
  void aLedgerOfTwoPeersCostsTheSameAtAnyVmCount() throws Exception {
    byte[] at20k = ItemCodec.encode(twoPeerCheckpoint(20_000));
    byte[] at100k = ItemCodec.encode(twoPeerCheckpoint(100_000));
    byte[] at1m = ItemCodec.encode(twoPeerCheckpoint(1_000_000));
    assertThat(at100k.length).isEqualTo(at20k.length).isEqualTo(at1m.length).isLessThan(120);
    for (int i = 0; i < 50; i++) { // classes loaded, paths compiled: only the decode is counted
      decode(at1m);
    }
    long before = allocatedBytes();
    CheckpointItem back = (CheckpointItem) decode(at1m);
    long allocated = allocatedBytes() - before;
    assertThat(allocated).as("bytes allocated to read a two-peer ledger of 1,000,000 VMs")
        .isLessThan(64 * 1024);
    Ledger l = back.image().guest().ledger();
    assertThat(l.touched()).containsExactly(3, 999_999);
    assertThat(l.peers()).isEqualTo(1_000_000);
    assertThat(back.image().sent().channels()).containsExactly(3);
    assertThat(back.image().received().channels()).containsExactly(999_999);
    assertThat(ItemCodec.sameContent(back, twoPeerCheckpoint(1_000_000))).isTrue();
  }

  private static CheckpointItem twoPeerCheckpoint(int vms) {
    org.vmqsc.core.guest.BankGuest g = new org.vmqsc.core.guest.BankGuest(7, 1000,
        new Ledger(vms));
    g.fire(new TimerFire(3, 11));
    g.receive(new Message(vms - 1, 7, 1, 0, 0, 5, 9));
    org.vmqsc.core.channel.ChannelCounters sent = new org.vmqsc.core.channel.ChannelCounters();
    sent.raise(3, 1);
    org.vmqsc.core.channel.ChannelCounters received =
        new org.vmqsc.core.channel.ChannelCounters();
    received.raise(vms - 1, 1);
    return new CheckpointItem(7, 5, 5, 0,
        new org.vmqsc.core.spi.VmImage(g, vms, sent.snapshot(), received.snapshot()), 64);
  }

  /**
   * Version 3 wrote the image's channel counters one per VM; such a checkpoint (these bytes were
   * written by the version 3 codec) still reads back whole.
   */
  @Test
  void aVersionThreeCheckpointStillReads() throws Exception {
    byte[] v3 = java.util.HexFormat.of().parseHex("0301040c0e02804002041f1e4e93f02f692cce0e0105"
        + "02010000000000000000000002d265fe55782344ef180402766216032f68e7109a0100000000000000"
        + "000000050000000002050006000000");
    CheckpointItem c = (CheckpointItem) decode(v3);
    assertThat(c.vm()).isEqualTo(2);
    assertThat(c.firstIndex()).isEqualTo(6);
    assertThat(c.image().peers()).isEqualTo(5);
    assertThat(c.image().sendSeq()).containsExactly(0, 0, 0, 0, 1);
    assertThat(c.image().recvSeq()).containsExactly(0, 3, 0, 0, 0);
    Guest g = c.image().guest();
    assertThat(g.digest()).isEqualTo(0x1f1e4e93f02f692cL);
    assertThat(g.balance()).isEqualTo(935);
    assertThat(g.ledger().touched()).containsExactly(1, 4);
    byte[] again = ItemCodec.encode(c);
    assertThat(again[0]).isEqualTo((byte) ItemCodec.VERSION); // written anew in the sparse form
    assertThat(ItemCodec.sameContent(decode(again), c)).isTrue();
  }

  /** What this thread has allocated so far (HotSpot's count; the test needs it). */
  static long allocatedBytes() {
    var bean = (com.sun.management.ThreadMXBean)
        java.lang.management.ManagementFactory.getThreadMXBean();
    return bean.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /** A damaged ledger count is refused, not allocated. */
  @Test
  void aLedgerSpanningTooManyVmsIsRefused() throws Exception {
    Ledger ledger = new Ledger(3);
    org.vmqsc.core.guest.BankGuest g = new org.vmqsc.core.guest.BankGuest(1, 10, ledger);
    byte[] data = ItemCodec.encode(new CheckpointItem(1, 0, 0, 0,
        new org.vmqsc.core.spi.VmImage(g, new int[0], new int[0]), 64));
    // the ledger's span (3) is the byte after "present" (1); make it 2^21
    int at = -1;
    for (int i = data.length - 3; i > 1; i--) {
      if (data[i] == 1 && data[i + 1] == 3 && data[i + 2] == 0) {
        at = i + 1;
        break;
      }
    }
    assertThat(at).isPositive();
    byte[] bad = new byte[data.length + 3];
    System.arraycopy(data, 0, bad, 0, at);
    bad[at] = (byte) 0x80;
    bad[at + 1] = (byte) 0x80;
    bad[at + 2] = (byte) 0x80;
    bad[at + 3] = 0x01;
    System.arraycopy(data, at + 1, bad, at + 4, data.length - at - 1);
    assertThatThrownBy(() -> ItemCodec.decode(bad)).isInstanceOf(CorruptItemException.class)
        .hasMessageContaining("spanning 2097152 VMs");
  }

  private static StableItem decode(byte[] data) {
    try {
      return ItemCodec.decode(data);
    } catch (CorruptItemException e) {
      throw new AssertionError(e);
    }
  }
}
