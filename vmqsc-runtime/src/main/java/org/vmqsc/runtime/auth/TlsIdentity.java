package org.vmqsc.runtime.auth;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * One process's side of mutual TLS: its private key, its certificate, and the cluster CA it
 * trusts (and nothing else). The same identity serves both ends: a server built with it demands
 * a client certificate from the same CA ({@link ClientAuth#REQUIRE}), a channel presents it and
 * checks the server's certificate, including that it names the address dialled.
 *
 * <p>For other TLS stacks (Ratis's own gRPC, say) the files are {@link #keyFile},
 * {@link #certFile} and {@link #caFile}, and the objects {@link #privateKey},
 * {@link #certificate} and {@link #ca}.
 */
public final class TlsIdentity {
  private final String name;
  private final PrivateKey key;
  private final X509Certificate cert;
  private final X509Certificate ca;
  /** Built once and shared by every server and channel: building one takes ~0.1-0.3 s. */
  private SslContext server;
  private SslContext client;

  TlsIdentity(String name, PrivateKey key, X509Certificate cert, X509Certificate ca) {
    this.name = Objects.requireNonNull(name);
    this.key = Objects.requireNonNull(key);
    this.cert = Objects.requireNonNull(cert);
    this.ca = Objects.requireNonNull(ca);
  }

  /**
   * {@code name}'s identity as {@link ClusterCa#issue} left it in {@code dir}: NAME.key (mode
   * 0600, else refused), NAME.crt and ca.crt. A missing or damaged file is a
   * {@link SecretFileException} or {@link java.nio.file.NoSuchFileException} naming it.
   */
  public static TlsIdentity load(Path dir, String name) throws IOException {
    X509Certificate ca = Pem.readCertificate(dir.resolve(ClusterCa.CA_CERT));
    X509Certificate cert = Pem.readCertificate(dir.resolve(name + ".crt"));
    try {
      cert.verify(ca.getPublicKey());
    } catch (java.security.GeneralSecurityException e) {
      throw new SecretFileException(dir.resolve(name + ".crt") + ": not signed by "
          + dir.resolve(ClusterCa.CA_CERT) + "; issue it again from this cluster's CA");
    }
    return new TlsIdentity(name, Pem.readPrivateKey(dir.resolve(name + ".key")), cert, ca);
  }

  public static Path keyFile(Path dir, String name) {
    return dir.resolve(name + ".key");
  }

  public static Path certFile(Path dir, String name) {
    return dir.resolve(name + ".crt");
  }

  public static Path caFile(Path dir) {
    return dir.resolve(ClusterCa.CA_CERT);
  }

  public String name() {
    return name;
  }

  public PrivateKey privateKey() {
    return key;
  }

  public X509Certificate certificate() {
    return cert;
  }

  public X509Certificate ca() {
    return ca;
  }

  /** For a server: present our certificate, require one from the cluster CA of every client. */
  public synchronized SslContext serverContext() {
    if (server != null) {
      return server;
    }
    try {
      return server = GrpcSslContexts.configure(SslContextBuilder.forServer(key, cert))
          .trustManager(ca).clientAuth(ClientAuth.REQUIRE).build();
    } catch (SSLException e) {
      throw new IllegalStateException(name + ": TLS server context: " + e.getMessage(), e);
    }
  }

  /** For a channel: present our certificate, accept only a server certified by the cluster CA. */
  public synchronized SslContext clientContext() {
    if (client != null) {
      return client;
    }
    try {
      return client = GrpcSslContexts.forClient().keyManager(key, cert).trustManager(ca).build();
    } catch (SSLException e) {
      throw new IllegalStateException(name + ": TLS client context: " + e.getMessage(), e);
    }
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "TlsIdentity(" + name + ")";
  }
}
