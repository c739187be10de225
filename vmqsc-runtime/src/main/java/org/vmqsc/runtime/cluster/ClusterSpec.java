package org.vmqsc.runtime.cluster;

import java.nio.file.Path;
import java.util.Objects;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.GuestFactory;
import org.vmqsc.core.protocol.VmqscRoles;
import org.vmqsc.core.role.ProtocolRegistry;
import org.vmqsc.core.role.ProtocolRoles;
import org.vmqsc.runtime.storage.FileObjectStore;
import org.vmqsc.runtime.storage.ObjectStore;
import org.vmqsc.runtime.storage.S3Location;
import org.vmqsc.runtime.storage.S3ObjectStore;

/**
 * Everything a manager or hypervisor process needs to know about its cluster, already validated:
 * placement and VM types (the {@link Topology}), the base period T0, the guests' traffic, and the
 * runtime's own settings (addresses, directory, timeouts). Built at the edge (the CLI reads a
 * YAML file into it); the nodes never parse files.
 *
 * @param topology VMs, their types (k), hosts and checkpoint sizes (the memory image size)
 * @param basePeriodMillis T0 (R1)
 * @param peerRates messages per second each VM sends to each of its peers (Poisson), sparse
 * @param bank bank guests (P6) instead of plain traffic guests
 * @param initialBalance each bank guest's starting balance
 * @param seed seeds each host's traffic generator ({@code seed ^ host})
 * @param bindHost the address every process listens on and dials
 * @param managerPort the manager's gRPC port
 * @param relayPorts per host: its PeerRelay port (peers dial it)
 * @param controlPorts per host: its HypervisorService and RuntimeAdmin port (the manager dials it)
 * @param dir the cluster directory: stable storage under {@code dir/storage}, manager state
 * @param secretFile the cluster secret (org.vmqsc.runtime.auth)
 * @param lazyDelayMillis R10: how long a staged checkpoint waits before it is written
 * @param vmRestartMillis how long a failed VM stays down before its hypervisor restores it
 * @param heartbeatTimeoutMillis silence after which the manager declares a host failed
 * @param relocateAfterMillis how long a failed host may stay away before the manager restarts its
 *     VMs on the live hosts instead (R9, D14); -1: never, always wait for the host
 * @param protocol the protocol's name in {@link ProtocolRegistry}: what the manager and each
 *     hypervisor run (VM_QSC, or a baseline to measure it against)
 * @param guestClass the guest program by class name ({@link GuestLoader}), or null for the
 *     built-in bank or traffic guest ({@code bank})
 * @param where the machines the processes dial, when they are not all on {@code bindHost}
 *     (null: one machine)
 * @param s3 where stable storage lives when it is a bucket of an S3-compatible object store
 *     (null: the directory {@link #storageDir()}, the default)
 * @param replicas the manager's Ratis replicas when it is replicated (null: one manager process
 *     on {@code managerPort}, the default)
 * @param tls mutual TLS on every gRPC link with the cluster CA's certificates in {@link
 *     #tlsDir()} (the default); false only as the explicit opt-out {@code tls: false}
 */
public record ClusterSpec(Topology topology, long basePeriodMillis, PeerRates peerRates,
    boolean bank, long initialBalance, long seed, String bindHost, int managerPort,
    int[] relayPorts, int[] controlPorts, Path dir, Path secretFile, long lazyDelayMillis,
    long vmRestartMillis, long heartbeatTimeoutMillis, long relocateAfterMillis,
    String protocol, String guestClass, Addresses where, S3Location s3,
    ManagerReplicas replicas, boolean tls) {
  /**
   * Where the processes run when the cluster spans machines: the manager's address and each
   * host's (a name or an IP; IPv6 in brackets). Ports stay those of the spec; every process
   * listens on {@code bindHost} (e.g. 0.0.0.0) and dials these.
   */
  public record Addresses(String manager, java.util.List<String> hosts) {
    public Addresses {
      Objects.requireNonNull(manager, "manager");
      hosts = java.util.List.copyOf(hosts);
      for (String a : hosts) {
        if (a.isBlank()) {
          throw new IllegalArgumentException("a host address is empty");
        }
      }
      if (manager.isBlank()) {
        throw new IllegalArgumentException("the manager's address is empty");
      }
    }
  }

  public static final long DEFAULT_INITIAL_BALANCE = 1_000_000;
  public static final long DEFAULT_VM_RESTART_MILLIS = 1000;
  public static final long DEFAULT_HEARTBEAT_TIMEOUT_MILLIS = 3000;
  public static final long DEFAULT_RELOCATE_AFTER_MILLIS = 30_000;
  /** How often a hypervisor says it is alive; a fraction of any sane heartbeat timeout. */
  public static final long HEARTBEAT_INTERVAL_MILLIS = 250;
  /**
   * Most VMs a cluster may have: as many as the runtime's oracle was measured to check ({@code
   * OracleCostTest}, docs/runtime.md). No state is sized by VMs squared any more (rates, ledger
   * answers, checkpoints and the oracle's ledgers hold the channels that carry messages), so what
   * grows is linear: the checking process holds ~3.4 KB of answers per VM and allocates ~4 KB
   * more per VM to judge them (10 peers each): 0.7 GB and 1.8 s at 100,000 VMs. Larger is
   * unmeasured. Checked before anything is allocated: a group of 2,000,000 VMs ran the CLI out of
   * memory instead of being refused.
   */
  public static final int MAX_VMS = 100_000;
  /**
   * Most hosts: each is a JVM (up to 256 MiB of heap) with two ports, and a local cluster runs
   * them all on one machine.
   */
  public static final int MAX_HOSTS = 64;

  /**
   * Refuses a cluster too large for the runtime, naming the limit; call it before building
   * anything sized by the counts.
   */
  public static void checkSize(long hosts, long vms) {
    if (hosts > MAX_HOSTS) {
      throw new IllegalArgumentException(hosts + " hosts: a cluster has at most " + MAX_HOSTS
          + " hosts (one JVM of up to 256 MiB each)");
    }
    if (vms > MAX_VMS) {
      throw new IllegalArgumentException(vms + " VMs: a cluster has at most " + MAX_VMS
          + " VMs (as many as its checks were measured at: ~7.5 KB of heap per VM)");
    }
  }

  /** One manager process, not replicated, over mutual TLS (the defaults). */
  public ClusterSpec(Topology topology, long basePeriodMillis, PeerRates peerRates,
      boolean bank, long initialBalance, long seed, String bindHost, int managerPort,
      int[] relayPorts, int[] controlPorts, Path dir, Path secretFile, long lazyDelayMillis,
      long vmRestartMillis, long heartbeatTimeoutMillis, long relocateAfterMillis,
      String protocol, String guestClass, Addresses where, S3Location s3) {
    this(topology, basePeriodMillis, peerRates, bank, initialBalance, seed, bindHost, managerPort,
        relayPorts, controlPorts, dir, secretFile, lazyDelayMillis, vmRestartMillis,
        heartbeatTimeoutMillis, relocateAfterMillis, protocol, guestClass, where, s3, null, true);
  }

  /** A cluster whose stable storage is its directory (the default). */
  public ClusterSpec(Topology topology, long basePeriodMillis, PeerRates peerRates,
      boolean bank, long initialBalance, long seed, String bindHost, int managerPort,
      int[] relayPorts, int[] controlPorts, Path dir, Path secretFile, long lazyDelayMillis,
      long vmRestartMillis, long heartbeatTimeoutMillis, long relocateAfterMillis,
      String protocol, String guestClass, Addresses where) {
    this(topology, basePeriodMillis, peerRates, bank, initialBalance, seed, bindHost, managerPort,
        relayPorts, controlPorts, dir, secretFile, lazyDelayMillis, vmRestartMillis,
        heartbeatTimeoutMillis, relocateAfterMillis, protocol, guestClass, where, null);
  }

  /** A VM_QSC cluster (the default protocol). */
  public ClusterSpec(Topology topology, long basePeriodMillis, PeerRates peerRates,
      boolean bank, long initialBalance, long seed, String bindHost, int managerPort,
      int[] relayPorts, int[] controlPorts, Path dir, Path secretFile, long lazyDelayMillis,
      long vmRestartMillis, long heartbeatTimeoutMillis, long relocateAfterMillis) {
    this(topology, basePeriodMillis, peerRates, bank, initialBalance, seed, bindHost, managerPort,
        relayPorts, controlPorts, dir, secretFile, lazyDelayMillis, vmRestartMillis,
        heartbeatTimeoutMillis, relocateAfterMillis, VmqscRoles.NAME, null, null);
  }

  public ClusterSpec {
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(peerRates, "peerRates");
    Objects.requireNonNull(protocol, "protocol");
    ProtocolRegistry.get(protocol); // an unknown name fails here, naming the known ones
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(secretFile, "secretFile");
    checkSize(topology.hosts(), topology.vms());
    if (basePeriodMillis < 10) {
      throw new IllegalArgumentException("base period must be >= 10 ms, got " + basePeriodMillis);
    }
    if (relayPorts.length != topology.hosts() || controlPorts.length != topology.hosts()) {
      throw new IllegalArgumentException("need one relay and one control port per host ("
          + topology.hosts() + ")");
    }
    if (peerRates.vms() != topology.vms()) {
      throw new IllegalArgumentException("need traffic rates for each of " + topology.vms()
          + " VMs");
    }
    if (where != null && where.hosts().size() != topology.hosts()) {
      throw new IllegalArgumentException("need one address per host (" + topology.hosts()
          + "), got " + where.hosts().size());
    }
    if (guestClass != null) {
      GuestLoader.constructor(guestClass); // a wrong name fails here, at start-up
    }
    if (relocateAfterMillis < -1) {
      throw new IllegalArgumentException("relocateAfter must be >= 0 (or -1: never), got "
          + relocateAfterMillis);
    }
    if (heartbeatTimeoutMillis < 4 * HEARTBEAT_INTERVAL_MILLIS) {
      throw new IllegalArgumentException("heartbeat timeout must be >= "
          + 4 * HEARTBEAT_INTERVAL_MILLIS + " ms, got " + heartbeatTimeoutMillis);
    }
  }

  /**
   * Where hypervisors and admin clients dial the manager: "host:port", or with replicas every
   * replica's, comma-separated (a channel to it tries them in turn and keeps to the one that
   * serves, the leader: {@code transport/ManagerTargets}).
   */
  public String managerAddress() {
    if (replicas != null) {
      return replicas.managerAddresses();
    }
    return (where == null ? bindHost : where.manager()) + ":" + managerPort;
  }

  public String relayAddress(int host) {
    return hostAddress(host) + ":" + relayPorts[host];
  }

  public String controlAddress(int host) {
    return hostAddress(host) + ":" + controlPorts[host];
  }

  private String hostAddress(int host) {
    return where == null ? bindHost : where.hosts().get(host);
  }

  /**
   * What the manager listens on: {@link #bindHost}, except that with addresses given ({@link
   * #where}) and {@code bindHost} left at 127.0.0.1, which no other machine could reach, it
   * listens on its own address, the one the others dial.
   */
  public String managerBindHost() {
    return where == null ? bindHost : ownOrBind(where.manager());
  }

  /** What host {@code host} listens on (relay, control, metrics): as {@link #managerBindHost}. */
  public String hostBindHost(int host) {
    return where == null ? bindHost : ownOrBind(where.hosts().get(host));
  }

  private String ownOrBind(String own) {
    return bindHost.equals(org.vmqsc.runtime.transport.Endpoints.DEFAULT_BIND_HOST) ? own
        : bindHost;
  }

  /**
   * The same cluster with the manager at {@code address} ("host:port"), as a hypervisor started
   * with {@code --manager ADDR} dials it.
   */
  public ClusterSpec withManager(String address) {
    java.net.InetSocketAddress a = org.vmqsc.runtime.transport.Endpoints.parse(address);
    java.util.List<String> hosts = new java.util.ArrayList<>();
    for (int h = 0; h < topology.hosts(); h++) {
      hosts.add(hostAddress(h));
    }
    return new ClusterSpec(topology, basePeriodMillis, peerRates, bank, initialBalance, seed,
        bindHost, a.getPort(), relayPorts, controlPorts, dir, secretFile, lazyDelayMillis,
        vmRestartMillis, heartbeatTimeoutMillis, relocateAfterMillis, protocol, guestClass,
        new Addresses(a.getHostString(), hosts), s3, null, tls);
  }

  /** The protocol's roles, from the one registry. */
  public ProtocolRoles roles() {
    return ProtocolRegistry.get(protocol);
  }

  /** The same cluster running protocol {@code p} (a name in {@link ProtocolRegistry}) instead. */
  public ClusterSpec withProtocol(String p) {
    return new ClusterSpec(topology, basePeriodMillis, peerRates, bank, initialBalance, seed,
        bindHost, managerPort, relayPorts, controlPorts, dir, secretFile, lazyDelayMillis,
        vmRestartMillis, heartbeatTimeoutMillis, relocateAfterMillis, p, guestClass, where, s3,
        replicas, tls);
  }

  /** The same cluster running guests of class {@code className} ({@link GuestLoader}). */
  public ClusterSpec withGuestClass(String className) {
    return new ClusterSpec(topology, basePeriodMillis, peerRates, false, 0, seed,
        bindHost, managerPort, relayPorts, controlPorts, dir, secretFile, lazyDelayMillis,
        vmRestartMillis, heartbeatTimeoutMillis, relocateAfterMillis, protocol, className,
        where, s3, replicas, tls);
  }

  /** The guest program every VM of the cluster runs. */
  public GuestFactory guests() {
    if (guestClass != null) {
      return (vm, ledger) -> GuestLoader.create(guestClass, vm, ledger);
    }
    return bank ? GuestFactory.bank(initialBalance) : GuestFactory.traffic();
  }

  public Path storageDir() {
    return dir.resolve("storage");
  }

  /** The same cluster with its stable storage in {@code location} (null: its directory). */
  public ClusterSpec withS3(S3Location location) {
    return new ClusterSpec(topology, basePeriodMillis, peerRates, bank, initialBalance, seed,
        bindHost, managerPort, relayPorts, controlPorts, dir, secretFile, lazyDelayMillis,
        vmRestartMillis, heartbeatTimeoutMillis, relocateAfterMillis, protocol, guestClass,
        where, location, replicas, tls);
  }

  /**
   * A new handle on the store stable storage lives in: the bucket of {@link #s3}, or {@link
   * #storageDir()}. Each process opens its own (and closes it with its storage).
   */
  public ObjectStore openStore() {
    return s3 == null ? new FileObjectStore(storageDir()) : new S3ObjectStore(s3);
  }

  /** The same cluster with its manager replicated on {@code r} (null: one manager process). */
  public ClusterSpec withReplicas(ManagerReplicas r) {
    return new ClusterSpec(topology, basePeriodMillis, peerRates, bank, initialBalance, seed,
        bindHost, r == null ? managerPort : r.get(0).managerPort(), relayPorts, controlPorts,
        dir, secretFile, lazyDelayMillis, vmRestartMillis, heartbeatTimeoutMillis,
        relocateAfterMillis, protocol, guestClass, where, s3, r, tls);
  }

  /**
   * The spec replica {@code id}'s manager runs with: its own manager port, on its own address
   * when the replicas have distinct ones ({@link #managerBindHost} is then where its manager,
   * metrics and Ratis servers listen). Replicas at an address other than {@code bindHost} while
   * the hosts stay on it (only {@code managerAddresses} given) keep the hosts there.
   */
  public ClusterSpec forReplica(int id) {
    ManagerReplicas.Replica r = replicas.get(id);
    Addresses own = where != null ? new Addresses(r.address(), where.hosts())
        : r.address().equals(bindHost) ? null
        : new Addresses(r.address(), java.util.Collections.nCopies(topology.hosts(), bindHost));
    return new ClusterSpec(topology, basePeriodMillis, peerRates, bank, initialBalance, seed,
        bindHost, r.managerPort(), relayPorts, controlPorts, dir, secretFile, lazyDelayMillis,
        vmRestartMillis, heartbeatTimeoutMillis, relocateAfterMillis, protocol, guestClass, own,
        s3, replicas, tls);
  }

  /**
   * Which manager replica this spec is {@link #forReplica for}, by its port and address (0 for a
   * single manager): the name of the certificate its manager presents.
   */
  public int replicaId() {
    if (replicas == null) {
      return 0;
    }
    for (ManagerReplicas.Replica r : replicas.replicas()) {
      if (r.managerPort() == managerPort
          && (where == null || r.address().equals(where.manager()))) {
        return r.id();
      }
    }
    return 0;
  }

  /** Where the cluster's CA and each process's key and certificate are ({@code dir/tls}). */
  public Path tlsDir() {
    return dir.resolve("tls");
  }

  /** The same cluster with mutual TLS on (the default) or, for measuring its cost, off. */
  public ClusterSpec withTls(boolean on) {
    return new ClusterSpec(topology, basePeriodMillis, peerRates, bank, initialBalance, seed,
        bindHost, managerPort, relayPorts, controlPorts, dir, secretFile, lazyDelayMillis,
        vmRestartMillis, heartbeatTimeoutMillis, relocateAfterMillis, protocol, guestClass,
        where, s3, replicas, on);
  }
}
