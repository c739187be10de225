package org.vmqsc.runtime.hypervisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vmqsc.core.model.Message;
import org.vmqsc.runtime.proto.MessageId;

/**
 * The cross-host messages this hypervisor sent and that no receiver has acknowledged yet, by
 * name. Acknowledgements come back over the wire as names (D2: relayed by the manager), but the
 * core marks its kept copies (R7) acknowledged by object; this map turns a relayed name back into
 * the very object the core sent. Confined to the event loop.
 */
final class SentMessages {
  record Key(int from, int to, int seq, int incarnation) {}

  private final Map<Key, Message> byKey = new HashMap<>();

  void sent(Message m) {
    byKey.put(new Key(m.from, m.to, m.seq, m.senderIncarnation), m);
  }

  /** The sent objects these acknowledgements name; names of unknown messages are skipped. */
  List<Message> resolve(List<MessageId> acks) {
    List<Message> out = new ArrayList<>(acks.size());
    for (MessageId id : acks) {
      Message m = byKey.remove(new Key(id.getFrom(), id.getTo(), id.getSeq(),
          id.getSenderIncarnation()));
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }

  /** A VM rolled back to a new incarnation: the core ignores acks of its older executions. */
  void forgetOlder(int vm, int incarnation) {
    byKey.keySet().removeIf(k -> k.from() == vm && k.incarnation() < incarnation);
  }

  int size() {
    return byKey.size();
  }
}
