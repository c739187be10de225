package org.vmqsc.runtime.manager;

import io.grpc.ManagedChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.vmqsc.core.protocol.HypervisorPort;
import org.vmqsc.runtime.proto.DependenciesRequest;
import org.vmqsc.runtime.proto.HypervisorServiceGrpc;
import org.vmqsc.runtime.proto.HypervisorServiceGrpc.HypervisorServiceBlockingStub;
import org.vmqsc.runtime.proto.NoteRollbacksRequest;
import org.vmqsc.runtime.proto.ResumeRequest;
import org.vmqsc.runtime.proto.RetransmitRequest;
import org.vmqsc.runtime.proto.RollBackRequest;
import org.vmqsc.runtime.transport.AckParts;
import org.vmqsc.runtime.transport.Wire;

/**
 * A hypervisor in another process, as the core's {@code HostRecovery} sees it: each phase is one
 * blocking call with a deadline. A failed call throws {@code StatusRuntimeException}, which aborts
 * the recovery (the manager logs it and retries when the hosts are back).
 */
final class RemoteHypervisorPort implements HypervisorPort {
  static final long PHASE_DEADLINE_SECONDS = 20;
  private final ManagedChannel channel;

  RemoteHypervisorPort(ManagedChannel channel) {
    this.channel = channel;
  }

  /**
   * Applied at the hypervisor before this call returns: on the same channel as the phases, so
   * that they land before phase 5 re-arms the copies it re-sends (D4), which the session stream
   * cannot promise. In parts under the frame limit.
   */
  @Override
  public void handOver(List<org.vmqsc.core.model.Ack> acks) {
    handOverIds(Wire.idsOf(acks));
  }

  void handOverIds(List<org.vmqsc.runtime.proto.MessageId> acks) {
    AckParts.Split split = AckParts.split(acks, 0);
    for (org.vmqsc.runtime.proto.AckPart part : split.ahead()) {
      stub().handOver(part);
    }
    stub().handOver(org.vmqsc.runtime.proto.AckPart.newBuilder().addAllAcks(split.last())
        .build());
    if (split.taken() < acks.size()) {
      handOverIds(acks.subList(split.taken(), acks.size()));
    }
  }

  private HypervisorServiceBlockingStub stub() {
    return HypervisorServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(PHASE_DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public Map<Integer, Set<Integer>> dependenciesSince(int line) {
    return Wire.fromProto(stub().dependenciesSince(
        DependenciesRequest.newBuilder().setLine(line).build()));
  }

  @Override
  public void noteRollbacks(List<Rollback> rollbacks) {
    stub().noteRollbacks(NoteRollbacksRequest.newBuilder()
        .addAllRollbacks(rollbacks.stream().map(Wire::toProto).toList()).build());
  }

  @Override
  public void rollBack(List<Rollback> vms) {
    stub().rollBack(RollBackRequest.newBuilder()
        .addAllVms(vms.stream().map(Wire::toProto).toList()).build());
  }

  @Override
  public void resume(List<Integer> vms) {
    stub().resume(ResumeRequest.newBuilder().addAllVms(vms).build());
  }

  @Override
  public void retransmitTo(Set<Integer> restoredVms) {
    stub().retransmitTo(RetransmitRequest.newBuilder().addAllRestoredVms(restoredVms)
        .build());
  }
}
