package org.vmqsc.runtime.auth;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A cluster's certificate authority: an EC P-256 key and a self-signed certificate, kept in a
 * directory ({@code ca.crt}, {@code ca.key} mode 0600) so that more certificates can be issued
 * later (a new manager replica, a renewed host). Every process of the cluster trusts this CA and
 * nothing else (see {@link TlsIdentity}): a certificate from any other CA is refused.
 *
 * <p>Certificates are named after the process that holds them ({@code manager-0},
 * {@code host-3}, {@code admin}) and carry the addresses peers dial it at as subject alternative
 * names, so a client's hostname check passes whether it dials 127.0.0.1 or 10.77.0.3. The
 * signing uses the JDK's own EC provider; BouncyCastle only builds the X.509 structures (the JDK
 * has no public API for that).
 */
public final class ClusterCa {
  public static final String CA_CERT = "ca.crt";
  public static final String CA_KEY = "ca.key";
  /** A process certificate's lifetime; renew by issuing again (docs/operations.md, "TLS"). */
  public static final Duration CERT_VALIDITY = Duration.ofDays(365);
  /** The CA's lifetime: longer than any certificate it issues. */
  public static final Duration CA_VALIDITY = Duration.ofDays(10 * 365);
  /** Clocks of machines disagree: a certificate is valid from an hour before it was made. */
  static final Duration BACKDATE = Duration.ofHours(1);
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final String SIGNATURE = "SHA256withECDSA";

  private final Path dir;
  private final PrivateKey key;
  private final X509Certificate cert;
  private final SecureRandom random;

  private ClusterCa(Path dir, PrivateKey key, X509Certificate cert, SecureRandom random) {
    this.dir = dir;
    this.key = key;
    this.cert = cert;
    this.random = random;
  }

  /** Makes a new CA in {@code dir} (created if missing), replacing none: ca.crt must not exist. */
  public static ClusterCa create(Path dir, SecureRandom random) throws IOException {
    Files.createDirectories(dir);
    if (Files.exists(dir.resolve(CA_CERT))) {
      throw new IOException(dir.resolve(CA_CERT) + " exists: this directory has its CA already");
    }
    KeyPair pair = newKeyPair(random);
    // A random name per cluster: two clusters' CAs differ in name as well as key.
    X500Name name = new X500Name("CN=vmqsc cluster CA " + Long.toHexString(random.nextLong()));
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(random),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), name,
          pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              ext.createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate cert = sign(b, pair.getPrivate());
      Pem.writePrivateKey(dir.resolve(CA_KEY), pair.getPrivate());
      Pem.writeCertificate(dir.resolve(CA_CERT), cert);
      return new ClusterCa(dir, pair.getPrivate(), cert, random);
    } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
      throw new IOException("could not make the cluster CA: " + e.getMessage(), e);
    }
  }

  /** The CA kept in {@code dir} (ca.crt and ca.key). */
  public static ClusterCa load(Path dir, SecureRandom random) throws IOException {
    return new ClusterCa(dir, Pem.readPrivateKey(dir.resolve(CA_KEY)),
        Pem.readCertificate(dir.resolve(CA_CERT)), random);
  }

  public X509Certificate certificate() {
    return cert;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Issues {@code name}'s key and certificate ({@code NAME.key} mode 0600, {@code NAME.crt}),
   * valid for {@link #CERT_VALIDITY}, for client and server use, naming 127.0.0.1, localhost and
   * {@code addresses} (names or IP literals, IPv6 with or without brackets; wildcards such as
   * 0.0.0.0 are left out). Replaces an older pair of the same name: that is how a certificate is
   * renewed.
   */
  public TlsIdentity issue(String name, List<String> addresses) throws IOException {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("certificate name \"" + name
          + "\": lower-case letters, digits and '-', starting with a letter");
    }
    KeyPair pair = newKeyPair(random);
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(cert, serial(random),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(CERT_VALIDITY)),
          new X500Name("CN=" + name), pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          .addExtension(Extension.subjectAlternativeName, false, sans(addresses))
          .addExtension(Extension.authorityKeyIdentifier, false,
              ext.createAuthorityKeyIdentifier(cert))
          .addExtension(Extension.subjectKeyIdentifier, false,
              ext.createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate leaf = sign(b, key);
      Pem.writePrivateKey(dir.resolve(name + ".key"), pair.getPrivate());
      Pem.writeCertificate(dir.resolve(name + ".crt"), leaf);
      return new TlsIdentity(name, pair.getPrivate(), leaf, cert);
    } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
      throw new IOException("could not issue " + name + "'s certificate: " + e.getMessage(), e);
    }
  }

  private static GeneralNames sans(List<String> addresses) {
    Set<String> all = new LinkedHashSet<>(List.of("127.0.0.1", "localhost"));
    for (String a : addresses) {
      String s = a.strip();
      if (s.startsWith("[") && s.endsWith("]")) {
        s = s.substring(1, s.length() - 1);
      }
      if (!s.isEmpty() && !s.equals("0.0.0.0") && !s.equals("::")) {
        all.add(s);
      }
    }
    return new GeneralNames(all.stream().map(s -> IPV4.matcher(s).matches() || s.contains(":")
        ? new GeneralName(GeneralName.iPAddress, s)
        : new GeneralName(GeneralName.dNSName, s)).toArray(GeneralName[]::new));
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey by)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder(SIGNATURE).build(by)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  private static KeyPair newKeyPair(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no EC P-256: " + e.getMessage(), e);
    }
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).add(BigInteger.ONE); // positive, unique in practice
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "ClusterCa(" + cert.getSubjectX500Principal().getName() + ")";
  }
}
