package org.vmqsc.runtime.cluster;

import java.util.regex.Pattern;

/**
 * Whether a text is an address a process may listen on or be dialled at: an IPv4 literal, an
 * IPv6 literal in brackets, or a host name (RFC 1123 labels). Checked by syntax alone, when a
 * config is read: no name is looked up (the machine reading the config may not resolve another
 * machine's names), and a mistyped one ({@code 10.77.0.300}, {@code host:7000}, {@code a b}) is
 * one line naming the key rather than a process that dies of an UnknownHostException later.
 */
public final class NetAddress {
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern DOTTED = Pattern.compile("[0-9.]+");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]+\\]");

  private NetAddress() {}

  /**
   * Why {@code text} is not an address others may dial ("is not ...", for the caller to name
   * the value), or null when it is one. A wildcard
   * ({@code 0.0.0.0}, {@code [::]}) is where a process listens, never where it is reached.
   */
  public static String problemToDial(String text) {
    String p = problem(text);
    if (p == null && (text.equals("0.0.0.0") || text.equals("[::]"))) {
      return "is a wildcard: give the address the others reach it at";
    }
    return p;
  }

  /** Why {@code text} is not an address at all, or null when it is one (wildcards included). */
  public static String problem(String text) {
    if (text.isEmpty()) {
      return "an address must not be empty";
    }
    if (DOTTED.matcher(text).matches()) {
      return ipv4(text) ? null : "is not an IPv4 address (four numbers 0..255)";
    }
    if (text.startsWith("[") || text.contains(":")) {
      return IPV6.matcher(text).matches() ? null
          : "is not an IPv6 address in brackets ([::1]) nor a host name (no port here: the "
              + "ports are their own keys)";
    }
    if (text.length() > 253 || text.endsWith(".")) {
      return "is not a host name";
    }
    for (String label : text.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return "is not a host name or address (letters, digits, '-' and '.')";
      }
    }
    return null;
  }

  private static boolean ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
