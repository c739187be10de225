package org.vmqsc.runtime.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.vmqsc.runtime.auth.ClusterCa;
import org.vmqsc.runtime.auth.SecretFileException;
import org.vmqsc.runtime.auth.TlsIdentity;
import org.vmqsc.runtime.transport.Endpoints;

/**
 * A cluster's TLS material in {@link ClusterSpec#tlsDir()}: the CA, and one key and certificate
 * per process, named {@code manager-N} (N: the replica, 0 for a single manager), {@code host-H}
 * and {@code admin} (the CLI's admin commands and tests). Whoever makes a cluster directory
 * ({@code cluster up}, a test harness) calls {@link #issue} once; each process then loads only
 * its own identity ({@link #identity}). A process never makes a CA of its own: one that finds no
 * material stops with a line saying so, rather than serving under a CA nobody else trusts.
 */
public final class ClusterTls {
  public static final String ADMIN = "admin";

  private ClusterTls() {}

  public static String manager(int replica) {
    return "manager-" + replica;
  }

  public static String host(int host) {
    return "host-" + host;
  }

  /**
   * Makes what is missing of the cluster's material: the CA (unless {@code tlsDir/ca.crt}
   * exists), then a certificate for the manager, each host and the admin client, each naming
   * the address the spec gives it. Existing certificates are kept, so calling it again is cheap
   * and a harness may call it for every cluster it starts. Nothing when TLS is off.
   */
  public static void issue(ClusterSpec spec) throws IOException {
    if (!spec.tls()) {
      return;
    }
    Path dir = spec.tlsDir();
    SecureRandom random = new SecureRandom();
    ClusterCa ca = Files.exists(dir.resolve(ClusterCa.CA_CERT))
        ? ClusterCa.load(dir, random) : ClusterCa.create(dir, random);
    if (spec.replicas() == null) {
      issueIfMissing(ca, manager(0), List.of(address(spec.managerAddress()), spec.bindHost(),
          Endpoints.MANAGER_NAME));
    } else { // each replica at its own address; every one answers to the managers' name
      for (ManagerReplicas.Replica r : spec.replicas().replicas()) {
        issueIfMissing(ca, manager(r.id()), List.of(r.address(), spec.bindHost(),
            Endpoints.MANAGER_NAME));
      }
    }
    for (int h = 0; h < spec.topology().hosts(); h++) {
      issueIfMissing(ca, host(h), List.of(address(spec.controlAddress(h)), spec.bindHost()));
    }
    issueIfMissing(ca, ADMIN, List.of());
  }

  /**
   * Issues (or renews: replaces) {@code name}'s certificate from the cluster's CA, for the
   * given addresses besides 127.0.0.1 and localhost: how a new manager replica gets its own, or
   * an expiring one is renewed (docs/operations.md, "Mutual TLS").
   */
  public static TlsIdentity issueOne(ClusterSpec spec, String name, List<String> addresses)
      throws IOException {
    List<String> all = new ArrayList<>(addresses);
    all.add(spec.bindHost());
    return ClusterCa.load(spec.tlsDir(), new SecureRandom()).issue(name, all);
  }

  /**
   * The identity process {@code name} presents and trusts by, or null when the cluster runs
   * without TLS ({@code tls: false}). Missing material is one line naming the file and what to
   * do.
   */
  public static TlsIdentity identity(ClusterSpec spec, String name) throws IOException {
    if (!spec.tls()) {
      return null;
    }
    try {
      return TlsIdentity.load(spec.tlsDir(), name);
    } catch (NoSuchFileException e) {
      throw new SecretFileException(e.getFile() + " is missing: " + name
          + " has no certificate from this cluster's CA (cluster up makes them; an older "
          + "cluster directory has none: make it again, or set tls: false)");
    }
  }

  private static void issueIfMissing(ClusterCa ca, String name, List<String> addresses)
      throws IOException {
    if (!Files.exists(TlsIdentity.certFile(ca.dir(), name))
        || !Files.exists(TlsIdentity.keyFile(ca.dir(), name))) {
      ca.issue(name, addresses);
    }
  }

  /** The host part of "host:port". */
  private static String address(String hostPort) {
    return Endpoints.parse(hostPort).getHostString();
  }
}
