package org.vmqsc.runtime.manager;

import java.util.List;
import java.util.function.BiConsumer;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.AckList;
import org.vmqsc.core.role.Announcement;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.ToHosts;
import org.vmqsc.runtime.proto.AckPart;
import org.vmqsc.runtime.proto.ControlMessage;
import org.vmqsc.runtime.proto.SessionDown;
import org.vmqsc.runtime.transport.AckParts;
import org.vmqsc.runtime.transport.ControlWire;
import org.vmqsc.runtime.transport.Wire;

/**
 * The manager role's one-way records down each host's session ({@link ToHosts}). An
 * announcement's acks (D2) are kept for a host whose session is not up yet and go ahead in parts
 * when they are too many for one frame ({@link AckParts}); a host that cannot be written to is
 * declared failed. Confined to the manager's loop.
 */
final class Downlink implements ToHosts {
  private final HostEntry[] hosts;
  /** Declares a host failed, with the reason. */
  private final BiConsumer<Integer, String> failed;

  Downlink(HostEntry[] hosts, BiConsumer<Integer, String> failed) {
    this.hosts = hosts;
    this.failed = failed;
  }

  /** The manager role's one-way record to a host: lost if the host is down, as on a network. */
  @Override
  public void send(int host, Control c) {
    if (c instanceof Announcement a) {
      announce(host, a.durableLine(), a.acks());
      return;
    }
    HostEntry e = hosts[host];
    if (e.down == null && (e.alive || !e.joinedEver)) {
      e.pendingControls.add(c); // starting: it gets them when its session opens
    } else if (e.alive) {
      try {
        for (var f : AckParts.frames(ControlWire.toProto(c))) {
          e.down.onNext(f instanceof AckPart p ? SessionDown.newBuilder().setAckPart(p).build()
              : SessionDown.newBuilder().setControl((ControlMessage) f).build());
        }
      } catch (RuntimeException ex) {
        failed.accept(host, ex.toString());
      }
    }
  }

  /** The records kept for a host whose session has just opened, in order. */
  void flush(int host) {
    HostEntry e = hosts[host];
    List<Control> kept = List.copyOf(e.pendingControls);
    e.pendingControls.clear();
    kept.forEach(c -> send(host, c));
  }

  private void announce(int host, int durableLine, List<Ack> acks) {
    HostEntry e = hosts[host];
    if (!e.alive) {
      e.pendingAcks = new AckList();
      return; // a failed host's senders are re-sent their copies at recovery (R7')
    }
    if (e.down == null) {
      Wire.addRanges(e.pendingAcks, acks); // joined, no session yet: kept for the first one
      return;
    }
    // Range by range, never ack by ack: at saturation an announcement stands for tens of
    // thousands of acks (as single acks, a fifth of a relay benchmark's allocation).
    AckList all = e.pendingAcks;
    Wire.addRanges(all, acks);
    var head = org.vmqsc.runtime.proto.Announcement.newBuilder().setDurableLine(durableLine)
        .build();
    AckParts.Split split = AckParts.split(Wire.idsOf(all), head.getSerializedSize());
    // A backlog past the bound of one announcement goes with the next: an ack relayed later
    // only keeps the sender's copy longer (D2 orders acks after reports, not before a deadline).
    // The split counts ids, one per range (Wire.idsOf), so the rest is counted in ranges (once
    // cut from a list of single acks, every acknowledgement was relayed again and again).
    e.pendingAcks = all.ranges(split.taken(), all.rangeCount());
    try {
      for (AckPart part : split.ahead()) {
        e.down.onNext(SessionDown.newBuilder().setAckPart(part).build());
      }
      e.down.onNext(SessionDown.newBuilder().setControl(ControlMessage.newBuilder()
          .setAnnouncement(head.toBuilder().addAllAcks(split.last()))).build());
    } catch (RuntimeException ex) {
      failed.accept(host, ex.toString());
    }
  }
}
