package org.vmqsc.runtime.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vmqsc.core.guest.BankGuest;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.guest.TrafficGuest;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.VmImage;

/** Random and hand-made stable items for the storage tests; one seed decides an item. */
final class TestItems {
  private TestItems() {}

  /** Any item, with extreme field values now and then (the codec must carry every int/long). */
  static StableItem random(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int vms = 1 + r.nextInt(6);
    return r.nextBoolean() ? randomCheckpoint(r, vms) : randomLog(r, vms);
  }

  static CheckpointItem randomCheckpoint(SplittableRandom r, int vms) {
    int vm = r.nextInt(vms);
    Guest g = randomGuest(r, vm, vms);
    VmImage image = new VmImage(g, ints(r, vms), ints(r, vms));
    return new CheckpointItem(vm, anyInt(r), anyInt(r), anyInt(r), image, anyLong(r));
  }

  static LogItem randomLog(SplittableRandom r, int vms) {
    int vm = r.nextInt(vms);
    List<LogEntry> entries = new ArrayList<>();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      entries.add(new LogEntry(determinant(r, vms), anyInt(r), r.nextBoolean(), anyLong(r)));
    }
    LogItem.Kind kind = LogItem.Kind.values()[r.nextInt(LogItem.Kind.values().length)];
    return new LogItem(vm, kind, anyInt(r), anyInt(r), entries, anyInt(r), anyLong(r));
  }

  /** A guest in a random state: either restored from random fields or evolved by real events. */
  static Guest randomGuest(SplittableRandom r, int self, int vms) {
    Ledger ledger = r.nextInt(4) == 0 ? null : randomLedger(r, vms);
    Guest g = r.nextBoolean()
        ? TrafficGuest.restore(self, r.nextLong(), ledger)
        : BankGuest.restore(self, r.nextLong(), anyLong(r), ledger);
    int events = r.nextInt(20);
    for (int i = 0; i < events; i++) {
      if (r.nextBoolean()) {
        g.fire(new TimerFire(r.nextInt(vms), r.nextLong()));
      } else {
        g.receive(new Message(r.nextInt(vms), self, i + 1, 0, 0, r.nextLong(), r.nextInt(100)));
      }
    }
    return g;
  }

  private static Ledger randomLedger(SplittableRandom r, int vms) {
    Ledger.Builder l = Ledger.builder(vms);
    for (int p = 0; p < vms; p++) {
      l.peer(p, anyInt(r), r.nextLong(), anyLong(r), anyInt(r), r.nextLong(), anyLong(r));
    }
    return l.build();
  }

  private static org.vmqsc.core.model.Determinant determinant(SplittableRandom r, int vms) {
    if (r.nextBoolean()) {
      return new TimerFire(anyInt(r), r.nextLong());
    }
    return new Message(r.nextInt(vms), r.nextInt(vms), anyInt(r), anyInt(r), anyInt(r),
        r.nextLong(), anyLong(r));
  }

  private static int[] ints(SplittableRandom r, int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = anyInt(r);
    }
    return a;
  }

  /** Mostly small values (as in a run), sometimes the extremes. */
  static int anyInt(SplittableRandom r) {
    return switch (r.nextInt(8)) {
      case 0 -> Integer.MIN_VALUE;
      case 1 -> Integer.MAX_VALUE;
      case 2 -> r.nextInt();
      default -> r.nextInt(1000);
    };
  }

  static long anyLong(SplittableRandom r) {
    return switch (r.nextInt(8)) {
      case 0 -> Long.MIN_VALUE;
      case 1 -> Long.MAX_VALUE;
      case 2 -> r.nextLong();
      default -> r.nextInt(1_000_000);
    };
  }

  // ---- hand-made items with names a file can carry ---------------------------------------

  static CheckpointItem checkpoint(int vm, int first, int incarnation, long bytes) {
    Ledger ledger = new Ledger(3);
    BankGuest g = new BankGuest(vm, 1000, ledger);
    for (int i = 0; i < first; i++) {
      g.fire(new TimerFire((vm + 1) % 3, 7919L * i + first));
    }
    return new CheckpointItem(vm, first, first, incarnation,
        new VmImage(g, new int[] {first, 0, 1}, new int[] {0, first, 2}), bytes);
  }

  static LogItem log(int vm, LogItem.Kind kind, int interval, int incarnation) {
    Message m = new Message((vm + 1) % 3, vm, interval + 1, interval, incarnation,
        0xC0FFEEL * (interval + 1), 5);
    List<LogEntry> entries = List.of(new LogEntry(m, interval, kind == LogItem.Kind.R8, interval),
        new LogEntry(new TimerFire(2, interval * 31L), interval, false, interval + 1L));
    return new LogItem(vm, kind, interval, incarnation, entries, 1, 1024);
  }
}
