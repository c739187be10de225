package org.vmqsc.runtime.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The per-cluster shared secret: 32 random bytes, written as 64 lowercase hex digits (read in
 * either case). Every
 * process of a cluster reads it from a file only its owner may read (mode 0600), and every call
 * between them carries it.
 */
public final class ClusterSecret {
  public static final int BYTES = 32;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final byte[] hex;

  private ClusterSecret(byte[] hex) {
    this.hex = hex;
  }

  /** A new secret from {@code random} (pass a {@code SecureRandom}: the secret is the key). */
  public static ClusterSecret generate(SecureRandom random) {
    byte[] raw = new byte[BYTES];
    random.nextBytes(raw);
    return new ClusterSecret(HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Parses 64 hex digits, in either case: a secret copied by hand or written by another tool in
   * upper case is the same secret (it is kept, and sent, in lower case).
   */
  public static ClusterSecret of(String text) {
    String s = text.strip();
    if (s.length() != 2 * BYTES || !s.chars().allMatch(ClusterSecret::isHexDigit)) {
      throw new IllegalArgumentException("a cluster secret is " + 2 * BYTES
          + " hex digits (0-9, a-f or A-F) on one line; got " + s.length() + " characters");
    }
    return new ClusterSecret(lowerCase(s).getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** ASCII only: the default locale's rules must not touch a key. */
  private static String lowerCase(String s) {
    return s.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Reads the secret from {@code file}. On a POSIX file system a file that anyone but its owner
   * can read or write is refused: the secret would no longer be one. Both refusals are
   * {@link SecretFileException}s whose one line says what to do.
   */
  public static ClusterSecret load(Path file) throws IOException {
    if (posix(file)) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(perms)) {
        throw new SecretFileException(file + ": mode " + PosixFilePermissions.toString(perms)
            + " lets others read the cluster secret; run chmod 600 " + file);
      }
    }
    try {
      return of(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
      throw new SecretFileException(file + ": " + (e instanceof IllegalArgumentException
          ? e.getMessage() : "a cluster secret is hex digits, this file holds other bytes"));
    }
  }

  /**
   * Writes the secret to {@code file} with mode 0600, atomically: the file is created
   * owner-only under a temporary name and renamed, so it is never readable by others, not even
   * for a moment, and never half-written.
   */
  public void store(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = posix(dir)
        ? Files.createTempFile(dir, ".secret", ".tmp",
            PosixFilePermissions.asFileAttribute(OWNER_ONLY))
        : Files.createTempFile(dir, ".secret", ".tmp");
    try {
      Files.write(tmp, (asText() + "\n").getBytes(StandardCharsets.US_ASCII));
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Compares in time that does not depend on where {@code presented} first differs. */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    // Hex is case-insensitive: an upper-case copy of the secret is the secret.
    return MessageDigest.isEqual(hex, lowerCase(presented).getBytes(StandardCharsets.US_ASCII));
  }

  /** The secret itself, for the metadata of outgoing calls. */
  String asText() {
    return new String(hex, StandardCharsets.US_ASCII);
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "ClusterSecret(****)";
  }
}
