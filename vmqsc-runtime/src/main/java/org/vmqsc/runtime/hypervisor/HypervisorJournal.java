package org.vmqsc.runtime.hypervisor;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.role.VmLook;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.runtime.proto.JournalEntry;
import org.vmqsc.runtime.proto.JournalEntry.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this hypervisor saw each of its VMs go through, for the runtime's P3 and P5 checks: the
 * digest at every index crossed (as the simulator's oracle records from {@code crossed}), every
 * rollback to a line (with the digest restored and the incarnations before and after), every
 * VM failure (the digest it failed in) and its replay (the digest replay reached). It is the
 * hypervisor's own observation, not the manager's account.
 *
 * <p>A host's VMs' history must outlive its process: a SIGKILLed host's crossings are what its
 * VMs' restores are judged against. So every entry is appended to {@code journal-h<host>.log}
 * in the cluster directory and flushed (it survives the process, not the machine: no fsync), and
 * a restarted process takes its predecessor's entries up again. Bounded: the newest {@link
 * #MAX_ENTRIES} in memory; the file is rewritten from memory when it has grown to twice that.
 * Confined to the hypervisor's event loop, except {@link #entries()} (synchronized).
 */
final class HypervisorJournal implements ProtocolListener {
  private static final Logger LOG = LoggerFactory.getLogger(HypervisorJournal.class);
  static final int MAX_ENTRIES = 50_000;

  private final int host;
  private final LongSupplier clock;
  private final IntFunction<VmLook> look;
  private final ArrayDeque<JournalEntry> entries = new ArrayDeque<>();
  private final Map<Integer, Integer> lastIncarnation = new HashMap<>();
  private Path file;
  private BufferedWriter out;
  private int linesInFile;

  /** {@code look} reads a VM's incarnation from the host's role (on the loop). */
  HypervisorJournal(int host, LongSupplier clock, IntFunction<VmLook> look) {
    this.host = host;
    this.clock = clock;
    this.look = look;
  }

  static Path fileOf(Path clusterDir, int host) {
    return clusterDir.resolve("journal-h" + host + ".log");
  }

  /** Takes up what an earlier process of this host recorded, then appends to the same file. */
  synchronized void open(Path clusterDir) throws IOException {
    file = fileOf(clusterDir, host);
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        JournalEntry e = JournalLine.parse(line);
        if (e != null) { // a line cut by a full disk is skipped, not trusted
          keep(e);
          lastIncarnation.put(e.getVm(), e.getIncarnation());
          linesInFile++;
        }
      }
    }
    boolean cut = Files.exists(file) && Files.size(file) > 0 && !endsWithNewline(file);
    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    if (cut) {
      out.newLine(); // end the cut line, or the next entry would be glued to it
    }
  }

  private static boolean endsWithNewline(Path f) throws IOException {
    try (var ch = Files.newByteChannel(f)) {
      java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
      ch.position(ch.size() - 1).read(last);
      return last.get(0) == '\n';
    }
  }

  /** Every entry kept, oldest first (any thread). */
  synchronized List<JournalEntry> entries() {
    return new ArrayList<>(entries);
  }

  synchronized void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        LOG.warn("host {}: closing the journal: {}", host, e.toString());
      }
      out = null;
    }
  }

  // ---- what the role tells its listener, and the VM failures the host carries out ---------

  @Override
  public void crossed(int vm, int from, int to, Guest guest) {
    add(entry(Kind.CROSSED, vm, to, guest.digest()).setFromIndex(from));
  }

  @Override
  public void restoredToLine(int vm, int line, Guest guest) {
    add(entry(Kind.RESTORED, vm, line, guest.digest()));
  }

  @Override
  public void replayedAfterVmFailure(int vm, Guest guest) {
    add(entry(Kind.REPLAYED, vm, -1, guest.digest()));
  }

  /** The host is about to fail VM {@code vm} alone (R9): the state it fails in. */
  void failing(int vm, Guest guest) {
    add(entry(Kind.FAILED, vm, -1, guest.digest()));
  }

  private JournalEntry.Builder entry(Kind kind, int vm, int index, long digest) {
    VmLook l = look.apply(vm);
    int incarnation = l == null ? lastIncarnation.getOrDefault(vm, 0) : l.incarnation();
    return JournalEntry.newBuilder().setKind(kind).setVm(vm).setIndex(index).setDigest(digest)
        .setIncarnation(incarnation)
        .setPreviousIncarnation(lastIncarnation.getOrDefault(vm, -1))
        .setAtMillis(clock.getAsLong()).setHost(host);
  }

  private synchronized void add(JournalEntry.Builder b) {
    JournalEntry e = b.build();
    lastIncarnation.put(e.getVm(), e.getIncarnation());
    keep(e);
    if (out == null) {
      return;
    }
    try {
      out.write(JournalLine.format(e));
      out.newLine();
      out.flush(); // to the OS: a SIGKILL right after does not lose it
      if (++linesInFile >= 2 * MAX_ENTRIES) {
        rewrite();
      }
    } catch (IOException ex) {
      // The journal is evidence for the checks, not protocol state: the host runs on, the
      // check then finds less recorded (and says so where it matters).
      LOG.warn("host {}: journal not written: {}", host, ex.toString());
    }
  }

  private void keep(JournalEntry e) {
    entries.addLast(e);
    if (entries.size() > MAX_ENTRIES) {
      entries.removeFirst();
    }
  }

  private void rewrite() throws IOException {
    out.close();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    List<String> lines = new ArrayList<>(entries.size());
    for (JournalEntry e : entries) {
      lines.add(JournalLine.format(e));
    }
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    linesInFile = lines.size();
    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }
}
