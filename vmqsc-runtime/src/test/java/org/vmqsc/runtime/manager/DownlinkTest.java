package org.vmqsc.runtime.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.AckList;
import org.vmqsc.core.role.Announcement;
import org.vmqsc.runtime.proto.MessageId;
import org.vmqsc.runtime.proto.SessionDown;
import org.vmqsc.runtime.transport.Wire;

/**
 * The manager relays each acknowledgement to its sender's host once (D2): an announcement carries
 * the acks it was given as ranges, and what it carried is not kept for the next one. A backlog is
 * kept only for acks that did not fit or that found no session yet.
 */
class DownlinkTest {
  /** The single acks a host was sent, frame by frame, in order. */
  private static final class Frames implements StreamObserver<SessionDown> {
    final List<SessionDown> got = new ArrayList<>();

    @Override
    public void onNext(SessionDown d) {
      got.add(d);
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}

    /** Every ack of every announcement and part received, one by one. */
    List<Ack> acks() {
      List<MessageId> ids = new ArrayList<>();
      for (SessionDown d : got) {
        ids.addAll(d.hasAckPart() ? d.getAckPart().getAcksList()
            : d.getControl().getAnnouncement().getAcksList());
      }
      return new ArrayList<>(Wire.acksOf(ids));
    }
  }

  private static HostEntry liveHost(Frames down) {
    HostEntry e = new HostEntry();
    e.alive = true;
    e.joinedEver = true;
    e.down = down;
    return e;
  }

  /** {@code n} deliveries on one channel, seqs 1..n, in one interval: one range. */
  private static AckList channel(int from, int to, int n) {
    AckList acks = new AckList();
    for (int seq = 1; seq <= n; seq++) {
      acks.add(from, to, 0, seq, 0, 3);
    }
    return acks;
  }

  @Test
  void anAnnouncementThatCarriedItsAcksKeepsNoneForTheNext() {
    Frames down = new Frames();
    HostEntry e = liveHost(down);
    Downlink d = new Downlink(new HostEntry[] {e}, (h, why) -> {
      throw new AssertionError("host declared failed: " + why);
    });
    AckList first = channel(0, 5, 40);
    first.addRange(channel(1, 6, 7), 0);

    d.send(0, new Announcement(4, first));
    assertThat(e.pendingAcks).as("acks kept after an announcement that carried them").isEmpty();
    d.send(0, new Announcement(5, new AckList()));

    assertThat(down.got).hasSize(2);
    assertThat(down.got.get(0).getControl().getAnnouncement().getAcksCount())
        .as("one id per range").isEqualTo(2);
    assertThat(down.got.get(1).getControl().getAnnouncement().getAcksCount())
        .as("acks of the first announcement sent again").isZero();
    assertThat(down.acks()).containsExactlyElementsOf(new ArrayList<>(first));
  }

  @Test
  void acksForAHostWithoutASessionGoWithItsFirstAnnouncementOnce() {
    Frames down = new Frames();
    HostEntry e = liveHost(null);
    Downlink d = new Downlink(new HostEntry[] {e}, (h, why) -> {
      throw new AssertionError("host declared failed: " + why);
    });
    AckList early = channel(2, 9, 5);
    d.send(0, new Announcement(1, early)); // joined, no session yet: kept
    assertThat(e.pendingAcks).hasSize(5);

    e.down = down;
    AckList later = new AckList();
    for (int seq = 6; seq <= 9; seq++) {
      later.add(2, 9, 0, seq, 0, 3); // continues the kept range: one range in all
    }
    d.send(0, new Announcement(2, later));
    d.send(0, new Announcement(3, new AckList()));

    List<Ack> all = new ArrayList<>(early);
    all.addAll(later);
    assertThat(down.acks()).containsExactlyElementsOf(all);
    assertThat(down.got.get(0).getControl().getAnnouncement().getAcksCount()).isEqualTo(1);
    assertThat(e.pendingAcks).isEmpty();
  }
}
