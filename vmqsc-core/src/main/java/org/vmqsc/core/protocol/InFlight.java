package org.vmqsc.core.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.util.IntMap;

/**
 * The messages one VM sent that no receiver has acknowledged yet, and the smallest sender index
 * among them ({@code minUnacked} of D2). Kept per channel in send order, that is by (incarnation,
 * seq), so that an acknowledgement, which names a message ({@link Ack}) rather than pointing at
 * it, finds it: a receiver delivers and acknowledges each channel in sequence order, so an ack
 * nearly always names the head of its channel. Each message is in flight at most once, so a
 * repeated ack (a duplicate delivered and acknowledged again, D5) finds nothing.
 *
 * <p>A channel's queue exists only while it may hold something: made on the first send to its
 * receiver, dropped by {@link #reclaim} once empty, so a VM keeps queues for the receivers it has
 * messages out to, not one per VM.
 */
public final class InFlight {
  /** Per receiver, created on the first send to it and dropped when reclaimed empty. */
  private final IntMap<ArrayDeque<Message>> byReceiver = new IntMap<>();
  private final IndexCounts indexes = new IndexCounts();

  /**
   * {@code m} went out, or a kept copy of it went out again (R7, D4): it is in flight until
   * acknowledged. Returns false if it already was.
   */
  public boolean sent(Message m) {
    ArrayDeque<Message> q = byReceiver.get(m.to);
    if (q == null) {
      q = new ArrayDeque<>(4);
      byReceiver.put(m.to, q);
    }
    if (q.isEmpty() || compare(q.peekLast(), m.senderIncarnation, m.seq) < 0) {
      q.addLast(m); // the usual case: after everything sent before on its channel
    } else if (!insertInOrder(q, m)) {
      return false;
    }
    indexes.add(m.senderIndex);
    return true;
  }

  /** A re-sent copy lands among younger messages still in flight. Rare, so linear. */
  private static boolean insertInOrder(ArrayDeque<Message> q, Message m) {
    List<Message> all = new ArrayList<>(q);
    int at = 0;
    while (at < all.size() && compare(all.get(at), m.senderIncarnation, m.seq) < 0) {
      at++;
    }
    if (at < all.size() && compare(all.get(at), m.senderIncarnation, m.seq) == 0) {
      return false;
    }
    all.add(at, m);
    q.clear();
    q.addAll(all);
    return true;
  }

  /**
   * The receiver delivered the named message: it is no longer in flight. Returns false when it
   * was not in flight (acknowledged before, or never sent by this VM).
   */
  public boolean settle(Ack a) {
    ArrayDeque<Message> q = channel(a.to());
    if (q == null) {
      return false;
    }
    // Entries before the named one are still unacknowledged (this ack overtook theirs); an entry
    // past it means it was settled before.
    for (Iterator<Message> it = q.iterator(); it.hasNext(); ) {
      Message m = it.next();
      int c = compare(m, a.senderIncarnation(), a.seq());
      if (c == 0) {
        it.remove();
        indexes.remove(m.senderIndex);
        return true;
      }
      if (c > 0) {
        return false;
      }
    }
    return false;
  }

  /** Whether {@code m} is still waiting for its acknowledgement. */
  public boolean contains(Message m) {
    ArrayDeque<Message> q = channel(m.to);
    if (q == null) {
      return false;
    }
    for (Message x : q) {
      int c = compare(x, m.senderIncarnation, m.seq);
      if (c >= 0) {
        return c == 0;
      }
    }
    return false;
  }

  /** The smallest sender index of a message in flight, or Integer.MAX_VALUE when none is. */
  public int minIndex() {
    return indexes.min();
  }

  public int size() {
    return indexes.size();
  }

  /** The VM rolled back to a new incarnation: acks for its undone execution settle nothing. */
  public void clear() {
    byReceiver.clear();
    indexes.clear();
  }

  /**
   * Drops the queues of channels with nothing in flight. Not on every ack: a busy channel empties
   * and refills all the time, and re-making its queue would cost an allocation a message. The
   * hypervisor calls it when a durable line is announced.
   */
  public void reclaim() {
    for (int to : byReceiver.keys()) {
      if (byReceiver.get(to).isEmpty()) {
        byReceiver.remove(to);
      }
    }
  }

  /** Receivers this VM holds a queue for (for tests of what the state retains). */
  public int channels() {
    return byReceiver.size();
  }

  private ArrayDeque<Message> channel(int to) {
    return byReceiver.get(to);
  }

  private static int compare(Message m, int incarnation, int seq) {
    int c = Integer.compare(m.senderIncarnation, incarnation);
    return c != 0 ? c : Integer.compare(m.seq, seq);
  }
}
