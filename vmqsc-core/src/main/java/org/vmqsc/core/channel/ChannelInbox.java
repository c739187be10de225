package org.vmqsc.core.channel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.vmqsc.core.model.Message;

/**
 * What one receiving VM's hypervisor keeps per incoming channel (SPEC §5): the highest sequence
 * number delivered from each sender, and the messages that arrived ahead of a gap. It delivers
 * each channel in sequence order and drops what it already delivered. Gaps and duplicates occur
 * only around recovery, when re-sent copies, re-delivered logs and messages still in flight
 * interleave; in failure-free runs every message is delivered at once.
 *
 * <p>State exists only for senders that sent to this VM.
 *
 * <p>Duplicate suppression can be switched off (a rule switch, so tests can show the oracle
 * catching the broken protocol). Off means exactly that one rule is off: a message at or below the
 * channel's counter is delivered again. Hold-back stays on, in every protocol: a message ahead of a
 * gap is not a duplicate, and delivering it early would break a second rule (in-order delivery,
 * which replay relies on), so the switch would no longer test duplicate suppression alone.
 */
public final class ChannelInbox extends ChannelCounters {
  /** What became of an offered message. */
  public enum Receipt {
    /** In order: delivered, and with it every held message it made next in order. */
    DELIVERED,
    /** Ahead of a gap: kept until the messages before it are delivered. */
    HELD,
    /** At or below the channel's counter: already delivered, dropped. */
    DUPLICATE
  }

  // The counters are this object's own (it extends ChannelCounters) and the held map is made on
  // first use: on a 1000-VM run each delivery misses the cache, and every object between the VM
  // and its counter was one more miss (composition made paper-example-1000 ~10% slower).
  /**
   * Held messages per sender, by sequence number; null until a first gap (none in failure-free
   * runs). A HashMap of small int keys iterates in the same order for the same operations, so
   * redelivery is deterministic.
   */
  private Map<Integer, TreeMap<Integer, Message>> held;

  /**
   * Offers a message that reached this VM. If it is next in its channel, {@code deliver} runs for
   * it and then for each held message that follows it in order. {@code deliver} must call
   * {@link #delivered(Message)} once the VM's state includes the message: the protocol decides
   * when (a forced checkpoint taken first must not count it).
   */
  public Receipt offer(Message m, boolean suppressDuplicates, Consumer<Message> deliver) {
    int expected = get(m.from) + 1;
    if (m.seq < expected && suppressDuplicates) {
      return Receipt.DUPLICATE;
    }
    if (m.seq > expected) {
      if (held == null) {
        held = new HashMap<>(4);
      }
      held.computeIfAbsent(m.from, f -> new TreeMap<>()).putIfAbsent(m.seq, m);
      return Receipt.HELD;
    }
    deliverOne(m, deliver);
    if (held == null || held.isEmpty()) {
      return Receipt.DELIVERED; // the usual case: no lookup, no boxing of the sender id
    }
    TreeMap<Integer, Message> waiting = held.get(m.from);
    if (waiting != null) {
      Message next;
      while ((next = waiting.remove(get(m.from) + 1)) != null) {
        deliverOne(next, deliver);
      }
      if (waiting.isEmpty()) {
        held.remove(m.from);
      }
    }
    return Receipt.DELIVERED;
  }

  private void deliverOne(Message m, Consumer<Message> deliver) {
    deliver.accept(m);
    // An invariant, not input: checked where assertions are on (tests), free on the hot path.
    assert get(m.from) >= m.seq : "delivery of " + m + " was not recorded in the inbox";
  }

  /** Counts {@code m} as delivered: its channel's counter rises to m.seq (never falls). */
  public void delivered(Message m) {
    raise(m.from, m.seq);
  }

  /** The highest sequence number delivered from {@code sender}; 0 if none. */
  public int lastDelivered(int sender) {
    return get(sender);
  }

  /** Whether replay or recovery may deliver {@code m} now: it is the next of its channel. */
  public boolean isNext(Message m) {
    return m.seq == get(m.from) + 1;
  }

  /** Drops held messages that became void (orphans of a rolled-back execution). */
  public void dropHeldIf(Predicate<Message> p) {
    if (held == null) {
      return;
    }
    held.values().removeIf(channel -> {
      channel.values().removeIf(p);
      return channel.isEmpty();
    });
  }

  /** Removes and returns every held message, channel by channel, each in sequence order. */
  public List<Message> takeHeld() {
    List<Message> all = new ArrayList<>();
    if (held != null) {
      held.values().forEach(channel -> all.addAll(channel.values()));
      held.clear();
    }
    return all;
  }

  /** Messages held back behind a gap, over all channels. */
  public int heldCount() {
    int n = 0;
    if (held == null) {
      return 0;
    }
    for (TreeMap<Integer, Message> channel : held.values()) {
      n += channel.size();
    }
    return n;
  }

  /** Senders this VM holds any state for (a counter or held messages). */
  public int channels() {
    int n = size();
    if (held == null) {
      return n;
    }
    for (Integer from : held.keySet()) {
      n += get(from) == 0 ? 1 : 0;
    }
    return n;
  }

  /** The counters as a checkpoint keeps them (held messages are not part of a VM's state). */
  @Override
  public ChannelSeqs snapshot() {
    return super.snapshot();
  }

  /**
   * The counters return to a checkpoint's. Held messages stay: a restore moves counters back (and
   * replay forward again), so they are still ahead of a gap, delivered when it closes; orphans
   * among them are the caller's to drop ({@link #dropHeldIf}).
   */
  @Override
  public void restore(ChannelSeqs seqs) {
    super.restore(seqs);
  }
}
