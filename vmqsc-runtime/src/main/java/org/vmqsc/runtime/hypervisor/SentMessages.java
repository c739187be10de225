package org.vmqsc.runtime.hypervisor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.vmqsc.core.model.Message;
import org.vmqsc.runtime.proto.MessageId;

/**
 * The cross-host messages this hypervisor sent and that no receiver has acknowledged yet, by
 * name. Acknowledgements come back over the wire as names (D2: relayed by the manager), but the
 * core marks its kept copies (R7) acknowledged by object; this turns a relayed name back into
 * the very object the core sent. Confined to the event loop.
 *
 * <p>Kept per channel (sender, receiver) in send order, that is by (incarnation, seq): a receiver
 * delivers and acknowledges each channel in sequence order, so an acknowledgement nearly always
 * names the head of its channel. This replaced a hash map keyed by a four-field record, which
 * allocated a key and a node per message and was about a fifth of the event loop's time at
 * saturation (BENCHMARKS.md, runtime, relay throughput).
 */
final class SentMessages {
  /** {@code byChannel[from][to]}, rows made for senders that send. */
  private final ArrayDeque<Message>[][] byChannel;
  private int size;

  @SuppressWarnings("unchecked")
  SentMessages(int vms) {
    this.byChannel = new ArrayDeque[vms][];
  }

  void sent(Message m) {
    ArrayDeque<Message>[] row = byChannel[m.from];
    if (row == null) {
      row = byChannel[m.from] = newRow(byChannel.length);
    }
    ArrayDeque<Message> q = row[m.to];
    if (q == null) {
      q = row[m.to] = new ArrayDeque<>();
    }
    if (q.isEmpty() || compare(q.peekLast(), m) < 0) {
      q.addLast(m); // the usual case: a new message, after everything sent before on its channel
      size++;
    } else {
      insertResent(q, m);
    }
  }

  /** A copy re-sent (R7) after a host recovery: keep it once, in order. Rare, so linear. */
  private void insertResent(ArrayDeque<Message> q, Message m) {
    List<Message> all = new ArrayList<>(q);
    int at = 0;
    while (at < all.size() && compare(all.get(at), m) < 0) {
      at++;
    }
    if (at < all.size() && compare(all.get(at), m) == 0) {
      return; // still unacknowledged: the name resolves to the same object
    }
    all.add(at, m);
    q.clear();
    q.addAll(all);
    size++;
  }

  /** The sent objects these acknowledgements name; names of unknown messages are skipped. */
  List<Message> resolve(List<MessageId> acks) {
    List<Message> out = new ArrayList<>(acks.size());
    for (MessageId id : acks) {
      Message m = take(id);
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }

  private Message take(MessageId id) {
    int from = id.getFrom();
    int to = id.getTo();
    if (from < 0 || from >= byChannel.length || byChannel[from] == null || to < 0
        || to >= byChannel.length || byChannel[from][to] == null) {
      return null;
    }
    ArrayDeque<Message> q = byChannel[from][to];
    // Entries before the named one are still unacknowledged (an ack overtook them); entries
    // after it, or a head already past it, mean it was acknowledged before (a repeated ack).
    for (Iterator<Message> it = q.iterator(); it.hasNext(); ) {
      Message m = it.next();
      int c = compare(m, id.getSenderIncarnation(), id.getSeq());
      if (c == 0) {
        it.remove();
        size--;
        return m;
      }
      if (c > 0) {
        return null;
      }
    }
    return null;
  }

  /** A VM rolled back to a new incarnation: the core ignores acks of its older executions. */
  void forgetOlder(int vm, int incarnation) {
    ArrayDeque<Message>[] row = byChannel[vm];
    if (row == null) {
      return;
    }
    for (ArrayDeque<Message> q : row) {
      if (q != null) {
        int before = q.size();
        q.removeIf(m -> m.senderIncarnation < incarnation);
        size -= before - q.size();
      }
    }
  }

  int size() {
    return size;
  }

  private static int compare(Message a, Message b) {
    return compare(a, b.senderIncarnation, b.seq);
  }

  private static int compare(Message a, int incarnation, int seq) {
    int c = Integer.compare(a.senderIncarnation, incarnation);
    return c != 0 ? c : Integer.compare(a.seq, seq);
  }

  @SuppressWarnings("unchecked")
  private static ArrayDeque<Message>[] newRow(int vms) {
    return new ArrayDeque[vms];
  }
}
