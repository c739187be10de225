package org.vmqsc.runtime.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vmqsc.core.channel.ChannelCounters;
import org.vmqsc.core.channel.ChannelSeqs;
import org.vmqsc.core.guest.BankGuest;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.guest.TrafficGuest;
import org.vmqsc.core.model.Determinant;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.VmImage;

/**
 * The binary encoding of a {@link StableItem}: compact (varints for counters, fixed eight bytes
 * for digests and random draws), explicit (every tag is a constant below, never an enum ordinal
 * or a Java serialization stream) and versioned (the first byte; a reader refuses versions it
 * does not know rather than guess).
 *
 * <pre>
 * item       := version:u8 type:u8 (checkpoint | log)
 * checkpoint := vm:s firstIndex:s dueIndex:s incarnation:s bytes:s image
 * image      := guest peers:u sent:seqs received:seqs
 * seqs       := n:u (peer:u seq:s)*n        (the channels with a counter, peers ascending,
 *                                            each below peers, each counter above 0)
 * guest      := NONE | TRAFFIC self:s digest:f64 ledger | BANK self:s digest:f64 balance:s ledger
 *             | CLASS self:s digest:f64 className:bytes state:bytes ledger   (GuestLoader)
 * ledger     := absent:0 | present:1 peers:u n:u channel*n     (the n peers it talked to)
 * channel    := peer:u sentCount:s sentChain:f64 sentAmount:s recvCount:s recvChain:f64
 *               recvAmount:s                       (peers ascending, each below peers)
 * log        := vm:s kind:u8 interval:s incarnation:s messages:s bytes:s n:u entry*n
 * entry      := interval:s r8:bool position:s determinant
 * determinant:= MESSAGE from:s to:s seq:s senderIndex:s senderIncarnation:s payload:f64
 *               amount:s | TIMER peer:s draw:f64
 * ints       := n:u s*n          (s = zigzag varint, u = unsigned varint, f64 = 8 bytes)
 * </pre>
 *
 * A decoded guest is indistinguishable from the original: same digest, balance and ledger, so it
 * reacts to the same determinants with the same sends.
 */
public final class ItemCodec {
  /**
   * 4: the image's channel counters are the channels that carried a message only (they were
   * one varint per VM twice: 200 KB of zeros in every checkpoint at 100,000 VMs, and two arrays
   * of a slot per VM to write and to read it). 3: a ledger holds the peers its guest talked to
   * only (it had six values for every VM of the cluster: 48 KB in each checkpoint at 1,000 VMs,
   * most of them zeros). 2: a message no longer
   * carries an acknowledged flag (acks are values, core {@code Ack}). Versions 2 and 3 are still
   * read.
   */
  public static final int VERSION = 4;
  /** The dense channel counters of version 3 (and 2): one per VM, sent then received. */
  static final int VERSION_DENSE_SEQS = 3;
  /** The dense ledger of version 2: six arrays of one slot per VM. */
  static final int VERSION_DENSE_LEDGER = 2;
  /** Most VMs a ledger may span: a damaged count must not allocate the heap away. */
  static final int MAX_LEDGER_SPAN = 1 << 20;

  static final int TYPE_CHECKPOINT = 1;
  static final int TYPE_LOG = 2;
  private static final int GUEST_NONE = 0;
  private static final int GUEST_TRAFFIC = 1;
  private static final int GUEST_BANK = 2;
  /** A guest loaded by class name (GuestLoader): its class, then its own snapshot. */
  private static final int GUEST_CLASS = 3;
  private static final int DET_MESSAGE = 1;
  private static final int DET_TIMER = 2;

  private ItemCodec() {}

  public static byte[] encode(StableItem item) {
    ByteWriter w = new ByteWriter(256);
    w.u8(VERSION);
    if (item instanceof CheckpointItem c) {
      w.u8(TYPE_CHECKPOINT);
      writeCheckpoint(w, c);
    } else {
      w.u8(TYPE_LOG);
      writeLog(w, (LogItem) item);
    }
    return w.toByteArray();
  }

  public static StableItem decode(byte[] data) throws CorruptItemException {
    ByteReader r = new ByteReader(data);
    int version = r.u8();
    if (version != VERSION && version != VERSION_DENSE_SEQS
        && version != VERSION_DENSE_LEDGER) {
      throw new CorruptItemException("unknown item encoding version " + version);
    }
    r.version = version;
    int type = r.u8();
    StableItem item = switch (type) {
      case TYPE_CHECKPOINT -> readCheckpoint(r);
      case TYPE_LOG -> readLog(r);
      default -> throw new CorruptItemException("unknown item type " + type);
    };
    if (r.remaining() != 0) {
      throw new CorruptItemException(r.remaining() + " stray bytes after the item");
    }
    return item;
  }

  /** The item type tag written for {@code item} (also recorded in the file header). */
  static int typeOf(StableItem item) {
    return item instanceof CheckpointItem ? TYPE_CHECKPOINT : TYPE_LOG;
  }

  /**
   * True when two items hold the same content, field for field (records holding guests and arrays
   * do not compare by content, so the encoding is the yardstick).
   */
  public static boolean sameContent(StableItem a, StableItem b) {
    return Arrays.equals(encode(a), encode(b));
  }

  // ---- checkpoints ------------------------------------------------------------------------

  private static void writeCheckpoint(ByteWriter w, CheckpointItem c) {
    w.svar(c.vm());
    w.svar(c.firstIndex());
    w.svar(c.dueIndex());
    w.svar(c.incarnation());
    w.svar(c.bytes());
    VmImage image = c.image();
    writeGuest(w, image.guest());
    w.uvar(image.peers());
    writeSeqs(w, image.sent());
    writeSeqs(w, image.received());
  }

  private static CheckpointItem readCheckpoint(ByteReader r) throws CorruptItemException {
    int vm = r.sint();
    int first = r.sint();
    int due = r.sint();
    int incarnation = r.sint();
    long bytes = r.svar();
    Guest guest = readGuest(r);
    VmImage image;
    if (r.version <= VERSION_DENSE_SEQS) {
      image = new VmImage(guest, readInts(r), readInts(r)); // their size is the item's own
    } else {
      long peers = r.uvar();
      if (peers < 0 || peers > MAX_LEDGER_SPAN) {
        throw new CorruptItemException("an image spanning " + peers + " VMs");
      }
      int n = (int) peers;
      image = new VmImage(guest, n, readSeqs(r, n), readSeqs(r, n));
    }
    return new CheckpointItem(vm, first, due, incarnation, image, bytes);
  }

  private static void writeSeqs(ByteWriter w, ChannelSeqs seqs) {
    int[] channels = seqs.channels();
    w.uvar(channels.length);
    for (int p : channels) {
      w.uvar(p);
      w.svar(seqs.get(p));
    }
  }

  /** Channel counters peer by peer: as many as were written, never a slot per VM. */
  private static ChannelSeqs readSeqs(ByteReader r, int peers) throws CorruptItemException {
    int n = r.count(2); // a peer and a counter: a byte each at least
    ChannelCounters c = new ChannelCounters();
    long last = -1;
    for (int i = 0; i < n; i++) {
      long p = r.uvar();
      int seq = r.sint();
      if (p <= last || p >= peers || seq <= 0) {
        throw new CorruptItemException("channel counter " + seq + " of peer " + p + " after "
            + last + " of " + peers);
      }
      last = p;
      c.raise((int) p, seq);
    }
    return c.snapshot();
  }

  private static void writeGuest(ByteWriter w, Guest g) {
    if (g == null) {
      w.u8(GUEST_NONE);
      return;
    }
    if (g instanceof TrafficGuest) {
      w.u8(GUEST_TRAFFIC);
      w.svar(g.self());
      w.fixed64(g.digest());
    } else if (g instanceof BankGuest) {
      w.u8(GUEST_BANK);
      w.svar(g.self());
      w.fixed64(g.digest());
      w.svar(g.balance());
    } else {
      w.u8(GUEST_CLASS);
      w.svar(g.self());
      w.fixed64(g.digest());
      w.bytes(g.getClass().getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      w.bytes(g.snapshot());
    }
    writeLedger(w, g.ledger());
  }

  private static Guest readGuest(ByteReader r) throws CorruptItemException {
    int kind = r.u8();
    return switch (kind) {
      case GUEST_NONE -> null;
      case GUEST_TRAFFIC -> {
        int self = r.sint();
        long digest = r.fixed64();
        yield TrafficGuest.restore(self, digest, readLedger(r));
      }
      case GUEST_BANK -> {
        int self = r.sint();
        long digest = r.fixed64();
        long balance = r.svar();
        yield BankGuest.restore(self, digest, balance, readLedger(r));
      }
      case GUEST_CLASS -> {
        int self = r.sint();
        long digest = r.fixed64();
        String className = new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        byte[] state = r.bytes();
        yield byClass(className, self, digest, state, readLedger(r));
      }
      default -> throw new CorruptItemException("unknown guest kind " + kind);
    };
  }

  /** A guest of a configured class, as it was checkpointed; only Guest subclasses are made. */
  private static Guest byClass(String className, int self, long digest, byte[] state,
      Ledger ledger) throws CorruptItemException {
    try {
      Guest g = org.vmqsc.runtime.cluster.GuestLoader.create(className, self, ledger);
      g.restoreFrom(digest, state);
      return g;
    } catch (RuntimeException e) {
      throw new CorruptItemException("guest " + className + " cannot be restored: "
          + e.getMessage());
    }
  }

  private static void writeLedger(ByteWriter w, Ledger l) {
    w.bool(l != null);
    if (l == null) {
      return;
    }
    w.uvar(l.peers());
    w.uvar(l.touched().length);
    l.forEachPeer((p, sentCount, sentChain, sentAmount, recvCount, recvChain, recvAmount) -> {
      w.uvar(p);
      w.svar(sentCount);
      w.fixed64(sentChain);
      w.svar(sentAmount);
      w.svar(recvCount);
      w.fixed64(recvChain);
      w.svar(recvAmount);
    });
  }

  private static Ledger readLedger(ByteReader r) throws CorruptItemException {
    if (r.version == VERSION_DENSE_LEDGER) {
      return readDenseLedger(r);
    }
    if (!r.bool()) {
      return null;
    }
    long span = r.uvar();
    if (span < 0 || span > MAX_LEDGER_SPAN) {
      throw new CorruptItemException("a ledger spanning " + span + " VMs");
    }
    int n = (int) span;
    int channels = r.count(1 + 4 + 2 * 8); // peer, four varints and two chains each
    // Peer by peer into the ledger: a checkpoint of a VM that talked to ten peers of 100,000
    // costs ten records to read, as it cost ten to write.
    Ledger.Builder ledger = Ledger.builder(n);
    long last = -1;
    for (int i = 0; i < channels; i++) {
      long p = r.uvar();
      if (p <= last || p >= n) {
        throw new CorruptItemException("ledger channel with peer " + p + " after " + last
            + " of " + n);
      }
      last = p;
      ledger.peer((int) p, r.sint(), r.fixed64(), r.svar(), r.sint(), r.fixed64(), r.svar());
    }
    return ledger.build();
  }

  /**
   * Version 2's ledger: six columns of one slot per VM, one after the other, so they are held for
   * this call (their size is the item's own: every slot is at least a byte of it).
   */
  private static Ledger readDenseLedger(ByteReader r) throws CorruptItemException {
    if (!r.bool()) {
      return null;
    }
    int n = r.count(2 * 8 + 4); // two fixed chains and four varints per peer
    int[] sentCount = new int[n];
    long[] sentChain = new long[n];
    long[] sentAmount = new long[n];
    int[] recvCount = new int[n];
    long[] recvChain = new long[n];
    long[] recvAmount = new long[n];
    for (int p = 0; p < n; p++) {
      sentCount[p] = r.sint();
    }
    for (int p = 0; p < n; p++) {
      sentChain[p] = r.fixed64();
    }
    for (int p = 0; p < n; p++) {
      sentAmount[p] = r.svar();
    }
    for (int p = 0; p < n; p++) {
      recvCount[p] = r.sint();
    }
    for (int p = 0; p < n; p++) {
      recvChain[p] = r.fixed64();
    }
    for (int p = 0; p < n; p++) {
      recvAmount[p] = r.svar();
    }
    Ledger.Builder ledger = Ledger.builder(n);
    for (int p = 0; p < n; p++) {
      ledger.peer(p, sentCount[p], sentChain[p], sentAmount[p], recvCount[p], recvChain[p],
          recvAmount[p]);
    }
    return ledger.build();
  }

  private static int[] readInts(ByteReader r) throws CorruptItemException {
    int[] a = new int[r.count(1)];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.sint();
    }
    return a;
  }

  // ---- logs -------------------------------------------------------------------------------

  private static void writeLog(ByteWriter w, LogItem log) {
    w.svar(log.vm());
    w.u8(kindCode(log.kind()));
    w.svar(log.interval());
    w.svar(log.incarnation());
    w.svar(log.messages());
    w.svar(log.bytes());
    w.uvar(log.entries().size());
    for (LogEntry e : log.entries()) {
      w.svar(e.interval);
      w.bool(e.r8);
      w.svar(e.position);
      writeDeterminant(w, e.determinant);
    }
  }

  private static LogItem readLog(ByteReader r) throws CorruptItemException {
    int vm = r.sint();
    LogItem.Kind kind = kind(r.u8());
    int interval = r.sint();
    int incarnation = r.sint();
    int messages = r.sint();
    long bytes = r.svar();
    int n = r.count(4); // interval, r8, position, tag: at least one byte each
    List<LogEntry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int entryInterval = r.sint();
      boolean r8 = r.bool();
      long position = r.svar();
      entries.add(new LogEntry(readDeterminant(r), entryInterval, r8, position));
    }
    return new LogItem(vm, kind, interval, incarnation, List.copyOf(entries), messages, bytes);
  }

  private static void writeDeterminant(ByteWriter w, Determinant d) {
    if (d instanceof Message m) {
      w.u8(DET_MESSAGE);
      w.svar(m.from);
      w.svar(m.to);
      w.svar(m.seq);
      w.svar(m.senderIndex);
      w.svar(m.senderIncarnation);
      w.fixed64(m.payload);
      w.svar(m.amount);
    } else {
      TimerFire t = (TimerFire) d;
      w.u8(DET_TIMER);
      w.svar(t.peer());
      w.fixed64(t.draw());
    }
  }

  private static Determinant readDeterminant(ByteReader r) throws CorruptItemException {
    int tag = r.u8();
    switch (tag) {
      case DET_MESSAGE: {
        return new Message(r.sint(), r.sint(), r.sint(), r.sint(), r.sint(), r.fixed64(),
            r.svar());
      }
      case DET_TIMER:
        return new TimerFire(r.sint(), r.fixed64());
      default:
        throw new CorruptItemException("unknown determinant tag " + tag);
    }
  }

  /** Stable codes, independent of the enum's declaration order. */
  static int kindCode(LogItem.Kind kind) {
    return switch (kind) {
      case R6 -> 1;
      case R8 -> 2;
      case RECEIPT -> 3;
      case CHANNEL -> 4;
    };
  }

  static LogItem.Kind kind(int code) throws CorruptItemException {
    return switch (code) {
      case 1 -> LogItem.Kind.R6;
      case 2 -> LogItem.Kind.R8;
      case 3 -> LogItem.Kind.RECEIPT;
      case 4 -> LogItem.Kind.CHANNEL;
      default -> throw new CorruptItemException("unknown log kind " + code);
    };
  }
}
