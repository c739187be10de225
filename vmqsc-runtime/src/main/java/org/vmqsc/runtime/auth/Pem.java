package org.vmqsc.runtime.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * PEM files of the cluster's TLS material: certificates ({@code CERTIFICATE}) and PKCS#8 EC
 * private keys ({@code PRIVATE KEY}), the forms openssl and Netty read. A private key file is
 * created owner-only (0600) under a temporary name and renamed, so it is never readable by
 * others, not even for a moment; one that others can read is refused on loading, as the
 * cluster secret is.
 */
final class Pem {
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private Pem() {}

  static void writeCertificate(Path file, X509Certificate cert) throws IOException {
    try {
      write(file, pem("CERTIFICATE", cert.getEncoded()), false);
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    write(file, pem("PRIVATE KEY", key.getEncoded()), true);
  }

  static X509Certificate readCertificate(Path file) throws IOException {
    byte[] der = der(file, "CERTIFICATE");
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new SecretFileException(file + ": not an X.509 certificate (" + e.getMessage() + ")");
    }
  }

  static PrivateKey readPrivateKey(Path file) throws IOException {
    if (posix(file)) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(perms)) {
        throw new SecretFileException(file + ": mode " + PosixFilePermissions.toString(perms)
            + " lets others read a private key; run chmod 600 " + file);
      }
    }
    try {
      return KeyFactory.getInstance("EC").generatePrivate(
          new PKCS8EncodedKeySpec(der(file, "PRIVATE KEY")));
    } catch (GeneralSecurityException e) {
      throw new SecretFileException(file + ": not a PKCS#8 EC private key (" + e.getMessage()
          + ")");
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] der(Path file, String type) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw new SecretFileException(file + ": no " + type + " block (PEM)");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    } catch (IllegalArgumentException bad) {
      throw new SecretFileException(file + ": the " + type + " block is not base64");
    }
  }

  private static void write(Path file, String text, boolean secret) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = secret && posix(dir)
        ? Files.createTempFile(dir, ".key", ".tmp",
            PosixFilePermissions.asFileAttribute(OWNER_ONLY))
        : Files.createTempFile(dir, ".pem", ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      if (!secret && posix(dir)) {
        // createTempFile makes 0600; a certificate is public, and other tools may read it.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
