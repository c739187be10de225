package org.vmqsc.cli.netns;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small network on one Linux machine: a bridge in the root namespace ({@value #BRIDGE},
 * 10.77.0.1/24) and one network namespace per manager replica ({@code vq-mR}, 10.77.0.(10+R))
 * and per host ({@code vq-hH}, 10.77.0.(20+H)), each joined to the bridge by a veth pair (its
 * root end named as the namespace, {@code eth0} inside). Processes started with
 * {@code ip netns exec NS}
 * reach each other, and the root namespace reaches them, by these addresses alone; they share
 * the mount namespace, so a cluster directory is the one shared storage. Root only; nothing is
 * routed anywhere else (the namespaces have no default route).
 *
 * <p><b>Partition.</b> {@link #partition} sets the root end of a namespace's veth down, as if
 * its switch port died: the process keeps its address and its sockets, its packets (and those
 * sent to it) are dropped, and TCP retransmits in silence. {@link #heal} sets it up and the
 * connections carry on where they stopped. No iptables or nft is needed (neither is installed
 * here), and nothing inside the namespace changes.
 *
 * <p>Every name starts with {@value #PREFIX}. One lab at a time per machine: {@link #create}
 * takes a file lock, removes what a crashed run left (by the prefix), and {@link #close} removes
 * everything it made, the lock last.
 */
public final class NetnsLab implements AutoCloseable {
  public static final String PREFIX = "vq-";
  static final String BRIDGE = PREFIX + "br";
  static final String SUBNET = "10.77.0";
  /** Most manager replicas and hosts, within the addresses above. */
  public static final int MAX_MANAGERS = 10;
  public static final int MAX_HOSTS = 64;
  static final Path LOCK = Path.of("/run/vmqsc-netns-lab.lock");
  static final long COMMAND_TIMEOUT_SECONDS = 10;
  static final long LOCK_WAIT_MILLIS = 120_000;

  private final int managers;
  private final int hosts;
  private final FileChannel lockFile;
  private final FileLock lock;

  private NetnsLab(int managers, int hosts, FileChannel lockFile, FileLock lock) {
    this.managers = managers;
    this.hosts = hosts;
    this.lockFile = lockFile;
    this.lock = lock;
  }

  /**
   * Why no lab can be made here (not Linux, not root, no {@code ip}, namespaces refused), or
   * null when one can: tests skip with this line.
   */
  public static String unavailable() {
    if (!Files.isDirectory(Path.of("/proc/self/ns"))) {
      return "network namespaces need Linux";
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return "network namespaces need root (running as " + System.getProperty("user.name") + ")";
    }
    try {
      run(List.of("ip", "netns", "list"));
    } catch (IOException | RuntimeException e) {
      return "no usable `ip` command: " + e.getMessage();
    }
    return null;
  }

  /** Makes the bridge and {@code managers} + {@code hosts} namespaces; undone by {@link #close}. */
  public static NetnsLab create(int managers, int hosts) throws IOException, InterruptedException {
    if (managers < 0 || managers > MAX_MANAGERS || hosts < 0 || hosts > MAX_HOSTS) {
      throw new IllegalArgumentException("a lab has 0.." + MAX_MANAGERS + " managers and 0.."
          + MAX_HOSTS + " hosts");
    }
    FileChannel ch = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = null;
    long until = System.currentTimeMillis() + LOCK_WAIT_MILLIS;
    while (lock == null && System.currentTimeMillis() < until) {
      lock = ch.tryLock();
      if (lock == null) {
        Thread.sleep(200); // another lab (another build) runs: its names are ours
      }
    }
    if (lock == null) {
      ch.close();
      throw new IOException("another namespace lab held " + LOCK + " for "
          + LOCK_WAIT_MILLIS / 1000 + " s");
    }
    NetnsLab lab = new NetnsLab(managers, hosts, ch, lock);
    try {
      removeLeftovers();
      lab.build();
      return lab;
    } catch (IOException | RuntimeException e) {
      lab.close();
      throw e;
    }
  }

  private void build() throws IOException {
    run(List.of("ip", "link", "add", BRIDGE, "type", "bridge"));
    run(List.of("ip", "addr", "add", SUBNET + ".1/24", "dev", BRIDGE));
    run(List.of("ip", "link", "set", BRIDGE, "up"));
    for (int r = 0; r < managers; r++) {
      node(managerNs(r), managerAddress(r));
    }
    for (int h = 0; h < hosts; h++) {
      node(hostNs(h), hostAddress(h));
    }
  }

  /** Namespace {@code ns} with loopback up and address {@code address} on its veth. */
  private static void node(String ns, String address) throws IOException {
    run(List.of("ip", "netns", "add", ns));
    run(List.of("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"));
    // The root end is named as its namespace (the partition's handle); inside, it is eth0.
    run(List.of("ip", "link", "add", ns, "type", "veth", "peer", "name", "eth0", "netns", ns));
    run(List.of("ip", "link", "set", ns, "master", BRIDGE));
    run(List.of("ip", "link", "set", ns, "up"));
    run(List.of("ip", "netns", "exec", ns, "ip", "addr", "add", address + "/24", "dev", "eth0"));
    run(List.of("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up"));
  }

  public String managerNs(int replica) {
    return PREFIX + "m" + check(replica, managers);
  }

  public String hostNs(int host) {
    return PREFIX + "h" + check(host, hosts);
  }

  public String managerAddress(int replica) {
    return SUBNET + "." + (10 + check(replica, managers));
  }

  public String hostAddress(int host) {
    return SUBNET + "." + (20 + check(host, hosts));
  }

  /** The root namespace's own address on the bridge (where an admin client dials from). */
  public String bridgeAddress() {
    return SUBNET + ".1";
  }

  private static int check(int i, int n) {
    if (i < 0 || i >= n) {
      throw new IllegalArgumentException(i + " is not in 0.." + (n - 1));
    }
    return i;
  }

  /** Cuts namespace {@code ns} off the bridge: nothing in or out until {@link #heal}. */
  public void partition(String ns) throws IOException {
    run(List.of("ip", "link", "set", ns, "down"));
  }

  /** Joins namespace {@code ns} to the bridge again after a {@link #partition}. */
  public void heal(String ns) throws IOException {
    run(List.of("ip", "link", "set", ns, "up"));
  }

  /** Removes every namespace and link of the lab (whatever else fails), then the lock. */
  @Override
  public void close() throws IOException {
    try {
      removeLeftovers();
    } finally {
      try {
        lock.release();
      } finally {
        lockFile.close();
      }
    }
  }

  /** Removes every namespace and link whose name starts with {@value #PREFIX}. */
  static void removeLeftovers() throws IOException {
    for (String line : run(List.of("ip", "netns", "list"))) {
      String ns = line.split("\\s+")[0];
      if (ns.startsWith(PREFIX)) {
        runQuietly(List.of("ip", "netns", "del", ns)); // its veth goes with it
      }
    }
    for (String line : run(List.of("ip", "-o", "link", "show"))) {
      String[] f = line.split(":\\s+", 3); // "7: vq-h0@if6: <...>"
      String dev = f.length > 1 ? f[1].split("@")[0] : "";
      if (dev.startsWith(PREFIX)) {
        runQuietly(List.of("ip", "link", "del", dev));
      }
    }
  }

  private static void runQuietly(List<String> cmd) {
    try {
      run(cmd);
    } catch (IOException | RuntimeException e) {
      // gone already (a veth goes with its namespace), or nothing more this cleanup can do
    }
  }

  /** Runs {@code cmd} (bounded in time); its output lines, or a one-line failure. */
  static List<String> run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + ": no answer in "
            + COMMAND_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(String.join(" ", cmd) + ": interrupted");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": "
          + out.strip().replace('\n', ' '));
    }
    return new ArrayList<>(out.lines().toList());
  }
}
