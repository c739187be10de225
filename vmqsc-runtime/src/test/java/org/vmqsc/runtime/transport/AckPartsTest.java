package org.vmqsc.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vmqsc.runtime.proto.AckPart;
import org.vmqsc.runtime.proto.Announcement;
import org.vmqsc.runtime.proto.ControlMessage;
import org.vmqsc.runtime.proto.HostReport;
import org.vmqsc.runtime.proto.MessageId;
import org.vmqsc.runtime.proto.SessionDown;
import org.vmqsc.runtime.proto.SessionUp;

/** Splitting a report's or announcement's acks into frames, and putting them together again. */
class AckPartsTest {
  /** Acks with fields of every varint length, so that sizes vary as on a long-running cluster. */
  static List<MessageId> acks(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<MessageId> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(MessageId.newBuilder().setFrom(rnd.nextInt(1 << rnd.nextInt(1, 20)))
          .setTo(rnd.nextInt(1 << rnd.nextInt(1, 20))).setSeq(rnd.nextInt(1, Integer.MAX_VALUE))
          .setSenderIncarnation(rnd.nextInt(3)).setReceiverIncarnation(rnd.nextInt(3))
          .setReceiveInterval(rnd.nextInt(1 << rnd.nextInt(1, 24))).build());
    }
    return ids;
  }

  /** A report of a host of 64 VMs, without its acks. */
  static HostReport head() {
    HostReport.Builder b = HostReport.newBuilder().setHost(3);
    for (int v = 0; v < 64; v++) {
      b.addVms(1000 + v).addIndex(1 << 20).addUsable(1 << 20);
    }
    return b.build();
  }

  @Test
  void everyFrameStaysWithinItsBudgetAndTheAcksKeepTheirOrder() {
    for (long seed = 1; seed <= 5; seed++) {
      List<MessageId> ids = acks(50_000, seed);
      HostReport head = head();
      AckParts.Split split = AckParts.split(ids, head.getSerializedSize());
      assertThat(split.taken()).isEqualTo(ids.size());
      assertThat(split.ahead()).hasSizeGreaterThan(20);
      List<SessionUp> frames = new ArrayList<>();
      split.ahead().forEach(p -> frames.add(SessionUp.newBuilder().setAckPart(p).build()));
      frames.add(SessionUp.newBuilder().setControl(ControlMessage.newBuilder()
          .setReport(head.toBuilder().addAllAcks(split.last()))).build());
      List<MessageId> back = new ArrayList<>();
      for (SessionUp f : frames) {
        // The budget counts the real encoding: a part's, or a final report's, whole body.
        int body = f.hasAckPart() ? f.getAckPart().getSerializedSize()
            : f.getControl().getReport().getSerializedSize();
        assertThat(body).isLessThanOrEqualTo(AckParts.FRAME_BUDGET_BYTES);
        assertThat(f.getSerializedSize()).isLessThan(Endpoints.DEFAULT_MAX_FRAME_BYTES);
        back.addAll(f.hasAckPart() ? f.getAckPart().getAcksList()
            : f.getControl().getReport().getAcksList());
      }
      assertThat(back).isEqualTo(ids);
    }
  }

  @Test
  void afewAcksRideInTheFinalFrameAlone() {
    List<MessageId> ids = acks(10, 7);
    AckParts.Split split = AckParts.split(ids, head().getSerializedSize());
    assertThat(split.ahead()).isEmpty();
    assertThat(split.last()).isEqualTo(ids);
    assertThat(AckParts.split(List.of(), 10).ahead()).isEmpty();
  }

  @Test
  void aFinalFrameWithoutRoomSendsItsAcksAheadToo() {
    List<MessageId> ids = acks(10, 7);
    AckParts.Split split = AckParts.split(ids, AckParts.FRAME_BUDGET_BYTES - 8);
    assertThat(split.last()).isEmpty();
    assertThat(split.ahead()).hasSize(1);
    assertThat(split.ahead().get(0).getAcksList()).isEqualTo(ids);
  }

  @Test
  void aBacklogPastTheBoundIsLeftForTheNextReport() {
    List<MessageId> ids = acks(400_000, 3); // about 8 MiB of acks
    AckParts.Split split = AckParts.split(ids, 0);
    assertThat(split.taken()).isLessThan(ids.size()).isGreaterThan(100_000);
    long bytes = 0;
    for (MessageId id : ids.subList(0, split.taken())) {
      bytes += AckParts.encodedSize(id);
    }
    assertThat(bytes).isLessThanOrEqualTo(AckParts.MAX_WHOLE_BYTES);
    assertThat(bytes + AckParts.encodedSize(ids.get(split.taken())))
        .isGreaterThan(AckParts.MAX_WHOLE_BYTES);
    // What a correct sender sends is never refused.
    AckReassembly r = new AckReassembly(AckParts.MAX_WHOLE_BYTES);
    split.ahead().forEach(p -> assertThat(r.add(p)).isTrue());
    assertThat(r.complete(split.last())).isEqualTo(ids.subList(0, split.taken()));
  }

  @Test
  void reassemblyHandsOverEachWholeInOrderThenStartsAfresh() {
    List<MessageId> ids = acks(5_000, 11);
    AckParts.Split split = AckParts.split(ids, Announcement.newBuilder().setDurableLine(9).build()
        .getSerializedSize());
    AckReassembly r = new AckReassembly(AckParts.MAX_WHOLE_BYTES);
    for (AckPart p : split.ahead()) {
      assertThat(r.add(p)).isTrue();
      assertThat(r.pending()).isTrue();
    }
    SessionDown last = SessionDown.newBuilder().setControl(ControlMessage.newBuilder()
        .setAnnouncement(Announcement.newBuilder().setDurableLine(9).addAllAcks(split.last())))
        .build();
    ControlMessage whole = r.complete(last.getControl());
    assertThat(whole.getAnnouncement().getAcksList()).isEqualTo(ids);
    assertThat(whole.getAnnouncement().getDurableLine()).isEqualTo(9);
    assertThat(r.pending()).isFalse();
    List<MessageId> next = acks(3, 12);
    assertThat(r.complete(next)).isEqualTo(next); // nothing of the previous whole is left
  }

  @Test
  void reassemblyRefusesPartsPastItsBoundAndEverythingAfter() {
    AckPart part = AckPart.newBuilder().addAllAcks(acks(100, 5)).build();
    int bound = 3 * part.getSerializedSize();
    AckReassembly r = new AckReassembly(bound);
    for (int i = 0; i < 3; i++) {
      assertThat(r.add(part)).isTrue();
    }
    assertThat(r.add(part)).isFalse(); // a fourth part passes the bound: close the stream
    assertThat(r.refused()).isTrue();
    assertThat(r.pending()).isFalse(); // what it held is dropped at once
    assertThat(r.add(AckPart.getDefaultInstance())).isFalse();
    assertThatThrownBy(() -> r.complete(List.of())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void endlessEmptyPartsDoNotGrowTheReassembly() {
    AckReassembly r = new AckReassembly(1024);
    for (int i = 0; i < 100_000; i++) {
      assertThat(r.add(AckPart.getDefaultInstance())).isTrue();
    }
    assertThat(r.pending()).isFalse();
  }

  /**
   * A record whose acks are independent values goes as parts ahead and a final record; past the
   * bound of one record, as several records of its kind. Put back together frame by frame, as a
   * session's receiver does, they hold every ack once, in order, and no frame passes the limit.
   */
  @Test
  void aRecordOfIndependentAcksIsCutIntoFramesAndRecordsThatAddUpToIt() {
    List<MessageId> ids = acks(400_000, 21); // past MAX_WHOLE_BYTES: more than one record
    ControlMessage m = ControlMessage.newBuilder().setHandOver(
        org.vmqsc.runtime.proto.HandOver.newBuilder().addAllAcks(ids)).build();
    AckReassembly r = new AckReassembly(AckParts.MAX_WHOLE_BYTES);
    List<MessageId> back = new ArrayList<>();
    int records = 0;
    for (com.google.protobuf.Message f : AckParts.frames(m)) {
      assertThat(f.getSerializedSize()).isLessThan(Endpoints.DEFAULT_MAX_FRAME_BYTES);
      if (f instanceof AckPart p) {
        assertThat(r.add(p)).isTrue();
      } else {
        ControlMessage whole = r.complete((ControlMessage) f);
        assertThat(whole.hasHandOver()).isTrue();
        back.addAll(whole.getHandOver().getAcksList());
        records++;
      }
    }
    assertThat(records).isGreaterThan(1);
    assertThat(back).isEqualTo(ids);
  }
}
