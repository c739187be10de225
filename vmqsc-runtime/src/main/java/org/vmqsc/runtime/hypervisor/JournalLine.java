package org.vmqsc.runtime.hypervisor;

import org.vmqsc.runtime.proto.JournalEntry;
import org.vmqsc.runtime.proto.JournalEntry.Kind;

/**
 * One journal entry as one line of text: {@code KIND vm index fromIndex digestHex incarnation
 * previousIncarnation atMillis host}, readable with {@code cat} when a check fails.
 */
final class JournalLine {
  private static final int FIELDS = 9;

  private JournalLine() {}

  static String format(JournalEntry e) {
    return e.getKind() + " " + e.getVm() + " " + e.getIndex() + " " + e.getFromIndex() + " "
        + Long.toHexString(e.getDigest()) + " " + e.getIncarnation() + " "
        + e.getPreviousIncarnation() + " " + e.getAtMillis() + " " + e.getHost();
  }

  /** The entry a line holds, or null when it is not a whole entry. */
  static JournalEntry parse(String line) {
    String[] f = line.trim().split(" ");
    if (f.length != FIELDS) {
      return null;
    }
    try {
      return JournalEntry.newBuilder().setKind(Kind.valueOf(f[0]))
          .setVm(Integer.parseInt(f[1])).setIndex(Integer.parseInt(f[2]))
          .setFromIndex(Integer.parseInt(f[3])).setDigest(Long.parseUnsignedLong(f[4], 16))
          .setIncarnation(Integer.parseInt(f[5])).setPreviousIncarnation(Integer.parseInt(f[6]))
          .setAtMillis(Long.parseLong(f[7])).setHost(Integer.parseInt(f[8])).build();
    } catch (IllegalArgumentException e) {
      return null; // NumberFormatException included: a torn or foreign line
    }
  }
}
