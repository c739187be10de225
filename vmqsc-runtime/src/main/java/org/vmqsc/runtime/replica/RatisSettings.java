package org.vmqsc.runtime.replica;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.TimeDuration;
import org.vmqsc.runtime.auth.TlsIdentity;
import org.vmqsc.runtime.cluster.ManagerReplicas;

/**
 * The one place the Ratis group and its settings are built (servers and clients alike): its
 * transport (gRPC, shaded inside Ratis), timeouts, storage and snapshots, and the mutual TLS of
 * its links ({@link #parameters}).
 */
public final class RatisSettings {
  /** One group per cluster; the id is fixed so every replica names the same group. */
  static final RaftGroupId GROUP =
      RaftGroupId.valueOf(java.util.UUID.fromString("766d7173-632d-6d61-6e61-676572000001"));
  /**
   * Election timeout: a leader silent this long is replaced. Longer than Ratis's default (150-300
   * ms): on a loaded two-core machine a garbage-collection pause must not depose a live leader.
   */
  static final long ELECTION_MIN_MILLIS = 1000;
  static final long ELECTION_MAX_MILLIS = 2000;
  /** A snapshot after this many entries, so the log is compacted. */
  static final long SNAPSHOT_EVERY = 1000;

  private RatisSettings() {}

  static RaftPeerId peerId(int replica) {
    return RaftPeerId.valueOf("m" + replica);
  }

  /** The group of {@code replicas}, each by its Ratis address. */
  static RaftGroup group(ManagerReplicas replicas) {
    List<RaftPeer> peers = replicas.replicas().stream().map(r -> RaftPeer.newBuilder()
        .setId(peerId(r.id())).setAddress(r.ratisAddress()).build()).toList();
    return RaftGroup.valueOf(GROUP, peers);
  }

  /** A replica server's properties: its port, its storage under {@code storageDir}. */
  static RaftProperties server(String bindHost, int ratisPort, Path storageDir) {
    RaftProperties p = common();
    GrpcConfigKeys.Server.setHost(p, bindHost);
    GrpcConfigKeys.Server.setPort(p, ratisPort);
    RaftServerConfigKeys.setStorageDir(p, List.of(storageDir.toFile()));
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, ms(ELECTION_MIN_MILLIS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, ms(ELECTION_MAX_MILLIS));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, SNAPSHOT_EVERY);
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    return p;
  }

  /** A client's properties (the leader's manager writing its state, admin tools asking). */
  static RaftProperties client() {
    return common();
  }

  private static RaftProperties common() {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, ms(3000));
    return p;
  }

  /**
   * Transport parameters: with {@code tls} (the replica's identity from the cluster CA; null for
   * a cluster configured {@code tls: false}) Ratis's links between replicas are mutual TLS too,
   * each side presenting its certificate and trusting the cluster CA alone, as every other link
   * of the cluster (docs/runtime.md "Mutual TLS").
   */
  static Parameters parameters(TlsIdentity tls) {
    Parameters p = new Parameters();
    if (tls != null) {
      GrpcTlsConfig conf = new GrpcTlsConfig(tls.privateKey(), tls.certificate(), tls.ca(), true);
      GrpcConfigKeys.Server.setTlsConf(p, conf);
      GrpcConfigKeys.Client.setTlsConf(p, conf);
      GrpcConfigKeys.Admin.setTlsConf(p, conf);
    }
    return p;
  }

  private static TimeDuration ms(long millis) {
    return TimeDuration.valueOf(millis, TimeUnit.MILLISECONDS);
  }
}
