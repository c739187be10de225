package org.vmqsc.runtime.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.auth.ClusterCa;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.auth.TlsIdentity;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.cluster.ClusterTls;

/**
 * The replicas' own Ratis links are mutual TLS like every other link of the cluster: a replica's
 * Ratis port completes a handshake only with a client presenting a certificate from the cluster
 * CA, and answers with its own (manager-R, for its address).
 */
class RatisLinksTlsTest {
  @TempDir Path dir;
  @TempDir Path elsewhere;

  @Test
  void aReplicasRatisPortTalksOnlyToCertificatesOfTheClusterCa() throws Exception {
    ClusterSpec spec = ManagerStateMachineTest.spec(dir, 1);
    TlsIdentity admin = ClusterTls.identity(spec, ClusterTls.ADMIN);
    TlsIdentity stranger = ClusterCa.create(elsewhere, new SecureRandom())
        .issue("stranger", List.of("127.0.0.1"));
    try (ManagerReplica r = new ManagerReplica(spec, 0, ClusterSecret.load(spec.secretFile()), -1)
        .start()) {
      InetSocketAddress ratis = new InetSocketAddress("127.0.0.1",
          spec.replicas().get(0).ratisPort());
      X509Certificate served = handshake(ratis, admin, admin.ca());
      assertThat(served.getSubjectX500Principal().getName()).contains("manager-0");
      assertThatThrownBy(() -> handshake(ratis, null, admin.ca()))
          .as("no client certificate").isInstanceOf(java.io.IOException.class);
      assertThatThrownBy(() -> handshake(ratis, stranger, admin.ca()))
          .as("a certificate from another CA").isInstanceOf(java.io.IOException.class);
      assertThatThrownBy(() -> handshake(ratis, admin, stranger.ca()))
          .as("a client trusting another CA does not accept the replica")
          .isInstanceOf(SSLException.class);
    }
  }

  /**
   * A TLS handshake to {@code at} presenting {@code me} (null: no certificate) and trusting
   * {@code ca}; then one read, which is where TLS 1.3 reports a refused client certificate.
   * Returns the certificate the server presented.
   */
  private static X509Certificate handshake(InetSocketAddress at, TlsIdentity me,
      X509Certificate ca) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (me != null) {
      keys.setKeyEntry("me", me.privateKey(), new char[0],
          new Certificate[] {me.certificate(), me.ca()});
    }
    kmf.init(keys, new char[0]);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(at.getAddress(),
        at.getPort())) {
      s.setSoTimeout(5000);
      s.setEnabledProtocols(new String[] {"TLSv1.2"}); // the client certificate judged in the handshake
      s.setSSLParameters(alpn(s));
      s.startHandshake();
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }

  /** gRPC's server insists on ALPN "h2". */
  private static javax.net.ssl.SSLParameters alpn(SSLSocket s) {
    javax.net.ssl.SSLParameters p = s.getSSLParameters();
    p.setApplicationProtocols(new String[] {"h2"});
    return p;
  }
}
