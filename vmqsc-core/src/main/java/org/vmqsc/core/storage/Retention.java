package org.vmqsc.core.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.vmqsc.core.spi.ItemKey;

/**
 * Which of a VM's stable items survive: the protocol's policy, so that every storage keeps only
 * mechanism (files, fsync, marks on disk, lists in memory) and asks here for each decision. Items
 * are whatever a storage indexes by ({@code T}); {@code key} tells their {@link ItemKey}, and
 * {@code readsGood} reads one back whole when a decision depends on it (D15). Lists of items are
 * in staging order.
 */
public final class Retention {
  private Retention() {}

  /** Nothing to delete and no reason to complain: the common outcome of a reclaim. */
  private static final Reclaim<?> NOTHING = new Reclaim<>(List.of(), false);

  /**
   * What a reclaim below a line may delete. {@code noGoodBase} says that the line has checkpoints
   * but none reads back good, so nothing may go (a storage reports it).
   */
  public record Reclaim<T>(List<T> deletable, boolean noGoodBase) {}

  /** Whether some rollback undid interval {@code interval} of incarnation {@code incarnation}. */
  public static boolean undone(int incarnation, int interval, Iterable<RollbackMark> marks) {
    for (RollbackMark m : marks) {
      if (m.undid(incarnation, interval)) {
        return true;
      }
    }
    return false;
  }

  /** D6: whether the item records an execution a rollback undid (it must not be replayed). */
  public static boolean undone(ItemKey item, Iterable<RollbackMark> marks) {
    // A checkpoint that starts interval f is the state at the end of f - 1: a rollback to line f
    // leaves it standing.
    int last = item.checkpoint() ? item.interval() - 1 : item.interval();
    return undone(item.incarnation(), last, marks);
  }

  /**
   * D6: whether storage deletes the item after a rollback, and drops a late write of it: an undone
   * checkpoint or R6 record. Undone records that carry messages stay: an R8 record's messages
   * were sent by executions that may still count and recovery re-delivers them as channel state;
   * a line's own channel state (CHANNEL) and receipts likewise, since their interval is the line.
   */
  public static boolean discarded(ItemKey item, Iterable<RollbackMark> marks) {
    boolean erasable = item.checkpoint() || item.kind() == ItemKey.Kind.R6;
    return erasable && undone(item, marks);
  }

  /**
   * What a reclaim below line {@code line} may delete: every item below the checkpoint the VM
   * stands on in that line, the newest checkpoint at or below it, not undone, that reads back
   * good. A damaged newer one is passed over, so the last good checkpoint goes only once a newer
   * one reads back good, and recovery can always fall back to it (D15). Keeping older lines for
   * D15 is the caller's part: it asks with the oldest line it keeps. {@code readsGood} is asked
   * only when something lies below the newest candidate, newest first, until one is good.
   */
  public static <T> Reclaim<T> reclaim(List<T> items, Function<T, ItemKey> key, int line,
      Iterable<RollbackMark> marks, Predicate<T> readsGood) {
    if (!anythingBelowNewestCandidate(items, key, line, marks)) {
      @SuppressWarnings("unchecked")
      Reclaim<T> nothing = (Reclaim<T>) NOTHING;
      return nothing; // the common case, once per line and VM: one pass, no reads
    }
    for (T c : checkpointsNewestFirst(items, key, line, marks)) {
      if (readsGood.test(c)) {
        int keepFrom = key.apply(c).interval();
        return new Reclaim<>(items.stream().filter(it -> key.apply(it).interval() < keepFrom)
            .toList(), false);
      }
    }
    return new Reclaim<>(List.of(), true);
  }

  /**
   * D15: the checkpoints at or below line {@code line}, not undone, that are newer than the
   * newest one that reads back good but do not read back good, newest first. Empty when the VM's
   * base for the line is readable. An older checkpoint cannot stand in for these: the interval a
   * damaged one closed was never logged (R6). Reads newest first and stops at the first good one.
   */
  public static <T> List<T> damagedAbove(List<T> items, Function<T, ItemKey> key, int line,
      Iterable<RollbackMark> marks, Predicate<T> readsGood) {
    List<T> damaged = new ArrayList<>();
    for (T c : checkpointsNewestFirst(items, key, line, marks)) {
      if (readsGood.test(c)) {
        int base = key.apply(c).interval();
        damaged.removeIf(d -> key.apply(d).interval() <= base); // the good one stands in for it
        break;
      }
      damaged.add(c);
    }
    return damaged;
  }

  /**
   * D15 for log records: which of a VM's damaged log items ({@code damagedLogs}, keys as far as
   * they are known) a rebuild at line {@code line} from stable storage needs. The rebuild stands
   * on the base: the newest checkpoint at or below the line, not undone, that reads back good; it
   * replays the current entries of intervals base..line-1 and re-delivers the messages of
   * intervals at or after the line as channel state ({@code LineRollback.fromStable}). A damaged
   * item it needs makes the VM unrestorable at the line, as a damaged base does
   * ({@link #neededAt}). Reads checkpoints newest first until one is good, only when some log item
   * is damaged.
   */
  public static <T> List<ItemKey> damagedLogsNeeded(List<T> items, Function<T, ItemKey> key,
      int line, Iterable<RollbackMark> marks, Predicate<T> readsGood, List<ItemKey> damagedLogs,
      boolean everyoneRollsBack) {
    if (damagedLogs.isEmpty()) {
      return List.of();
    }
    int base = Integer.MIN_VALUE; // no good base: nothing stands in for any log
    for (T c : checkpointsNewestFirst(items, key, line, marks)) {
      if (readsGood.test(c)) {
        base = key.apply(c).interval();
        break;
      }
    }
    List<ItemKey> needed = new ArrayList<>();
    for (ItemKey d : damagedLogs) {
      if (neededAt(d, base, line, undone(d, marks), everyoneRollsBack)) {
        needed.add(d);
      }
    }
    return needed;
  }

  /**
   * Whether a damaged log item {@code d} of interval k is needed to rebuild its VM at line y on a
   * base checkpoint of interval {@code base}.
   * <ul>
   *   <li>R6 (R6 logs only receipts that are not R8, so every message in it was sent in k
   *   itself): needed as replay when base <= k < y and no rollback undid it; needed as channel
   *   state when k >= y unless every VM returns to y: then every sender rolls back to y <= k,
   *   the messages are orphans, and the restored VM will not receive them. A VM some sender of
   *   which keeps its execution may have lost the only copy (the sender's went with the
   *   acknowledgement).</li>
   *   <li>R8 (sent in some j < k, received in k; j is in the damaged bytes) and any other kind:
   *   needed as replay when base <= k < y and not undone, and as channel state whenever k >= y
   *   (j < y cannot be ruled out; undone records still carry messages, D6). So with base <= k it
   *   is needed at every line: no older line helps, and recovery must refuse.</li>
   * </ul>
   */
  public static boolean neededAt(ItemKey d, int base, int y, boolean undone,
      boolean everyoneRollsBack) {
    int k = d.interval();
    boolean replay = !undone && base <= k && k < y;
    if (d.kind() == ItemKey.Kind.R6) {
      return replay || (k >= y && !everyoneRollsBack);
    }
    return replay || k >= y;
  }

  /** Checkpoints at or below {@code line} that no rollback undid; ties: latest staged first. */
  private static <T> List<T> checkpointsNewestFirst(List<T> items, Function<T, ItemKey> key,
      int line, Iterable<RollbackMark> marks) {
    List<T> out = new ArrayList<>();
    for (T it : items) {
      ItemKey k = key.apply(it);
      if (k.checkpoint() && k.interval() <= line && !undone(k, marks)) {
        out.add(it);
      }
    }
    Collections.reverse(out);
    out.sort(Comparator.comparingInt((T it) -> key.apply(it).interval()).reversed());
    return out;
  }

  private static <T> boolean anythingBelowNewestCandidate(List<T> items,
      Function<T, ItemKey> key, int line, Iterable<RollbackMark> marks) {
    int lowest = Integer.MAX_VALUE;
    int newest = Integer.MIN_VALUE;
    for (T it : items) {
      ItemKey k = key.apply(it);
      lowest = Math.min(lowest, k.interval());
      if (k.checkpoint() && k.interval() <= line && k.interval() > newest && !undone(k, marks)) {
        newest = k.interval();
      }
    }
    return newest != Integer.MIN_VALUE && lowest < newest;
  }
}
