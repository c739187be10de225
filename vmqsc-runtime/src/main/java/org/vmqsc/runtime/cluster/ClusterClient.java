package org.vmqsc.runtime.cluster;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vmqsc.core.check.Finding;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.proto.ClusterStatusRequest;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.FailVmRequest;
import org.vmqsc.runtime.proto.HypervisorServiceGrpc;
import org.vmqsc.runtime.proto.JournalEntry;
import org.vmqsc.runtime.proto.JournalRequest;
import org.vmqsc.runtime.proto.LedgerRequest;
import org.vmqsc.runtime.proto.LedgerResponse;
import org.vmqsc.runtime.proto.RuntimeAdminGrpc;
import org.vmqsc.runtime.proto.StatusRequest;
import org.vmqsc.runtime.proto.StatusResponse;
import org.vmqsc.runtime.proto.TrafficRequest;
import org.vmqsc.runtime.proto.VmLedger;
import org.vmqsc.runtime.transport.Endpoints;

/** Admin calls on a running cluster (the CLI's status and fail commands, and tests). */
public final class ClusterClient implements AutoCloseable {
  static final long DEADLINE_SECONDS = 5;
  private final ClusterSpec spec;
  private final ManagedChannel manager;
  private final ManagedChannel[] hosts;

  /** A client with the cluster's admin certificate (when the cluster runs TLS, as by default). */
  public ClusterClient(ClusterSpec spec, ClusterSecret secret) {
    this(spec, secret, adminIdentity(spec));
  }

  /** A client presenting {@code tls} (null: plaintext, for a cluster with {@code tls: false}). */
  public ClusterClient(ClusterSpec spec, ClusterSecret secret,
      org.vmqsc.runtime.auth.TlsIdentity tls) {
    this.spec = spec;
    this.manager = Endpoints.channel(spec.managerAddress(), secret, tls,
        Endpoints.DEFAULT_MAX_FRAME_BYTES);
    this.hosts = new ManagedChannel[spec.topology().hosts()];
    for (int h = 0; h < hosts.length; h++) {
      hosts[h] = Endpoints.channel(spec.controlAddress(h), secret, tls,
          Endpoints.BULK_MAX_FRAME_BYTES); // a host's ledger answer: ~420 B a VM at 10 peers
    }
  }

  private static org.vmqsc.runtime.auth.TlsIdentity adminIdentity(ClusterSpec spec) {
    try {
      return ClusterTls.identity(spec, ClusterTls.ADMIN);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public ClusterStatusResponse clusterStatus() {
    return RuntimeAdminGrpc.newBlockingStub(manager)
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .clusterStatus(ClusterStatusRequest.getDefaultInstance());
  }

  /** vmqsc checkpoint now: waits up to {@code timeoutMillis} for the line to become durable. */
  public org.vmqsc.runtime.proto.CheckpointNowResponse checkpointNow(long timeoutMillis) {
    return RuntimeAdminGrpc.newBlockingStub(manager)
        .withDeadlineAfter(timeoutMillis + DEADLINE_SECONDS * 1000, TimeUnit.MILLISECONDS)
        .checkpointNow(org.vmqsc.runtime.proto.CheckpointNowRequest.newBuilder()
            .setTimeoutMillis(timeoutMillis).build());
  }

  /** The manager's event history after {@code afterSeq} (0: all it keeps), oldest first. */
  public java.util.List<org.vmqsc.runtime.proto.ClusterEvent> events(long afterSeq) {
    return RuntimeAdminGrpc.newBlockingStub(manager)
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .events(org.vmqsc.runtime.proto.EventsRequest.newBuilder().setAfterSeq(afterSeq).build())
        .getEventsList();
  }

  public StatusResponse status(int host) {
    return HypervisorServiceGrpc.newBlockingStub(hosts[host])
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .status(StatusRequest.getDefaultInstance());
  }

  public LedgerResponse ledgers(int host) {
    return RuntimeAdminGrpc.newBlockingStub(hosts[host])
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .ledgers(LedgerRequest.getDefaultInstance());
  }

  /** Turns the guests' traffic on or off on every host that runs VMs now. */
  public void setTraffic(boolean on) {
    for (int h : hostsRunningVms()) {
      RuntimeAdminGrpc.newBlockingStub(hosts[h])
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .setTraffic(TrafficRequest.newBuilder().setOn(on).build());
    }
  }

  /** The host each VM runs on now, as the manager decided it (D14: VMs may have moved). */
  public int hostOf(int vm) {
    return clusterStatus().getVmHost(vm);
  }

  private java.util.SortedSet<Integer> hostsRunningVms() {
    return new java.util.TreeSet<>(clusterStatus().getVmHostList());
  }

  /** Fails a VM on its host (R9, VM failure); false when it was down already. */
  public boolean failVm(int vm) {
    int host = hostOf(vm);
    return HypervisorServiceGrpc.newBlockingStub(hosts[host])
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .failVm(FailVmRequest.newBuilder().setVm(vm).build()).getFailed();
  }

  /** Every VM's ledger, from the hosts that run VMs now. */
  public List<VmLedger> allLedgers() {
    List<VmLedger> out = new ArrayList<>();
    for (int h : hostsRunningVms()) {
      out.addAll(ledgers(h).getVmsList());
    }
    return out;
  }

  /**
   * What every hypervisor that answers saw its VMs go through (its journal), each host's entries
   * in its order. A host that is down is left out: its VMs' history is then what the others saw.
   */
  public List<JournalEntry> journals() {
    List<List<JournalEntry>> perHost = new ArrayList<>();
    for (int h = 0; h < hosts.length; h++) {
      try {
        perHost.add(RuntimeAdminGrpc.newBlockingStub(hosts[h])
            .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
            .journal(JournalRequest.getDefaultInstance()).getEntriesList());
      } catch (StatusRuntimeException down) {
        // not running: nothing to read from it now
      }
    }
    return ClusterOracle.merge(perHost);
  }

  /**
   * P1, P2 and P6 on a quiet cluster, by the shared checks ({@link ClusterOracle#quiet}): every
   * VM is up, every channel's receive hash chain equals its send chain, the bank total is what
   * it was. Returns the problems found ("P2: ..."), empty when all hold.
   */
  public static List<String> checkQuiet(List<VmLedger> ledgers, ClusterSpec spec) {
    List<String> problems = new ArrayList<>();
    for (Finding f : ClusterOracle.quiet(spec, ledgers)) {
      problems.add(f.property() + ": " + f.detail());
    }
    return problems;
  }

  @Override
  public void close() throws InterruptedException {
    manager.shutdownNow();
    for (ManagedChannel c : hosts) {
      c.shutdownNow();
    }
    manager.awaitTermination(2, TimeUnit.SECONDS);
  }
}
