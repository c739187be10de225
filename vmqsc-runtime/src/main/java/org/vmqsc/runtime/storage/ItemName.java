package org.vmqsc.runtime.storage;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmqsc.core.spi.ItemKey;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.storage.RollbackMark;

/**
 * The name of one item file, {@code <kind>_<interval>_<incarnation>_<origin>.item}, where origin
 * is {@code boot} (a preloaded boot image) or {@code h<host>r<run>t<ticket>}: the host whose lazy
 * writer wrote it, that writer's run (it grows each time a host's writer starts, so tickets, which
 * restart at 1 with every hypervisor process, never reuse a name) and the ticket.
 *
 * <p>Every name read from a directory, or handed in from outside, goes through {@link #parse}, a
 * strict whole-string pattern of letters, digits, {@code _} and one {@code .}, before it is joined
 * to a path: a name cannot climb out of its VM's directory or point anywhere else.
 */
public record ItemName(String kind, int interval, int incarnation, int host, long run,
    long ticket) {
  static final String SUFFIX = ".item";
  static final String TEMP_PREFIX = ".";
  static final String TEMP_SUFFIX = ".tmp";
  static final int BOOT_HOST = -1;

  private static final Pattern ITEM = Pattern.compile(
      "(ckpt|r6|r8|rcpt|chan)_(-?[0-9]{1,10})_([0-9]{1,10})_(?:boot|h([0-9]{1,9})r([0-9]{1,18})"
          + "t([0-9]{1,18}))\\.item");
  private static final Pattern VM_DIR = Pattern.compile("vm-([0-9]{1,10})");
  private static final Pattern MARK = Pattern.compile("undo_([0-9]{1,10})_(-?[0-9]{1,10})\\.mark");

  /**
   * Staging order of one VM's items. Incarnations only grow and a VM stays on one host run within
   * an incarnation (a host failure gives its VMs a new incarnation), so incarnation, then host
   * run, then ticket is the order in which the items were staged; boot images come first.
   */
  public static final Comparator<ItemName> STAGING_ORDER = Comparator
      .comparingInt(ItemName::incarnation)
      .thenComparingInt(ItemName::host)
      .thenComparingLong(ItemName::run)
      .thenComparingLong(ItemName::ticket)
      .thenComparing(ItemName::fileName);

  static ItemName of(StableItem item, int host, long run, long ticket) {
    return checked(new ItemName(kindOf(item), item.interval(), item.incarnation(), host, run,
        ticket));
  }

  static ItemName boot(StableItem item) {
    return checked(new ItemName(kindOf(item), item.interval(), item.incarnation(), BOOT_HOST, 0,
        0));
  }

  /** A name this class would not parse back (a negative incarnation, say) is refused at once. */
  private static ItemName checked(ItemName n) {
    if (!n.equals(parse(n.fileName()))) {
      throw new IllegalArgumentException("item cannot be named on disk: " + n);
    }
    return n;
  }

  public boolean boot() {
    return host == BOOT_HOST;
  }

  public boolean checkpoint() {
    return kind.equals("ckpt");
  }

  public String fileName() {
    String origin = boot() ? "boot" : "h" + host + "r" + run + "t" + ticket;
    return kind + "_" + interval + "_" + incarnation + "_" + origin + SUFFIX;
  }

  String tempName() {
    return TEMP_PREFIX + fileName() + TEMP_SUFFIX;
  }

  /** The item file's name, or null when {@code name} is not one. */
  public static ItemName parse(String name) {
    Matcher m = ITEM.matcher(name);
    if (!m.matches()) {
      return null;
    }
    try {
      int interval = Integer.parseInt(m.group(2));
      int incarnation = Integer.parseInt(m.group(3));
      if (m.group(4) == null) {
        return new ItemName(m.group(1), interval, incarnation, BOOT_HOST, 0, 0);
      }
      return new ItemName(m.group(1), interval, incarnation, Integer.parseInt(m.group(4)),
          Long.parseLong(m.group(5)), Long.parseLong(m.group(6)));
    } catch (NumberFormatException e) {
      return null; // digits that overflow: not a name this code wrote
    }
  }

  /** The item file a temp file was to become, or null when {@code name} is not a temp file. */
  static ItemName parseTemp(String name) {
    if (!name.startsWith(TEMP_PREFIX) || !name.endsWith(TEMP_SUFFIX)) {
      return null;
    }
    return parse(name.substring(TEMP_PREFIX.length(), name.length() - TEMP_SUFFIX.length()));
  }

  /** Joins a validated item name to a VM directory; refuses anything that is not an item name. */
  public static Path resolve(Path vmDir, String name) {
    if (parse(name) == null) {
      throw new IllegalArgumentException("not an item file name: '" + name + "'");
    }
    Path p = vmDir.resolve(name).normalize();
    if (!vmDir.normalize().equals(p.getParent())) {
      throw new IllegalArgumentException("item file name escapes its directory: '" + name + "'");
    }
    return p;
  }

  public static String vmDirName(int vm) {
    if (vm < 0) {
      throw new IllegalArgumentException("vm must be >= 0, got " + vm);
    }
    return "vm-" + vm;
  }

  /** The VM of a VM directory's name, or -1 when it is not one. */
  static int parseVmDir(String name) {
    Matcher m = VM_DIR.matcher(name);
    if (!m.matches()) {
      return -1;
    }
    try {
      return Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String markName(int incarnation, int fromInterval) {
    return "undo_" + incarnation + "_" + fromInterval + ".mark";
  }

  /** The rollback a mark file records, or null when {@code name} is not one. */
  static RollbackMark parseMark(String name) {
    Matcher m = MARK.matcher(name);
    if (!m.matches()) {
      return null;
    }
    try {
      return new RollbackMark(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String kindOf(StableItem item) {
    if (item instanceof CheckpointItem) {
      return "ckpt";
    }
    return switch (((LogItem) item).kind()) {
      case R6 -> "r6";
      case R8 -> "r8";
      case RECEIPT -> "rcpt";
      case CHANNEL -> "chan";
    };
  }

  /** Whether the decoded item is the one this name describes (a misplaced file is foreign). */
  boolean describes(StableItem item) {
    return kind.equals(kindOf(item)) && interval == item.interval()
        && incarnation == item.incarnation();
  }

  /** What retention decides by: all of it is in the name, so no decision reads the file. */
  public ItemKey key() {
    ItemKey.Kind k = switch (kind) {
      case "ckpt" -> ItemKey.Kind.CHECKPOINT;
      case "r6" -> ItemKey.Kind.R6;
      case "r8" -> ItemKey.Kind.R8;
      case "rcpt" -> ItemKey.Kind.RECEIPT;
      case "chan" -> ItemKey.Kind.CHANNEL;
      default -> throw new IllegalStateException("unknown item kind " + kind);
    };
    return new ItemKey(k, interval, incarnation);
  }
}
