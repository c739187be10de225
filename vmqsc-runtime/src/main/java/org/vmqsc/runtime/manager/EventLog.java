package org.vmqsc.runtime.manager;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.vmqsc.runtime.cluster.Durable;

/**
 * The manager's event history ({@code vmqsc events}): what happened to the cluster as the
 * manager saw it or was told by a hypervisor, the last {@link #CAPACITY} events, oldest first.
 *
 * <p>Kept beside the manager's state in {@code manager.events}, one event a line, appended as it
 * happens, so a restarted manager shows what came before its restart (an operator looks at the
 * history most right after things went wrong). The file is rewritten with the last
 * {@link #CAPACITY} events once it holds twice that many. It is a record for people, not state
 * the protocol needs: a line that cannot be written or read back is skipped with a warning and
 * never stops the manager. Confined to the manager's loop.
 */
public final class EventLog {
  private static final System.Logger LOG = System.getLogger(EventLog.class.getName());
  /** Its name in the cluster directory. */
  public static final String FILE_NAME = "manager.events";
  /** How many events are kept (in memory and, after a compaction, on disk). */
  public static final int CAPACITY = 1000;

  /** What happened. Names are part of the status/events JSON shape: add, never rename. */
  public enum Kind {
    HOST_JOINED, HOST_FAILED, HOST_RESTARTED, HOST_FENCED, HOST_REJOINED_EMPTY,
    RECOVERY_STARTED, RECOVERY_FINISHED, RECOVERY_FAILED, FALLBACK, RELOCATION,
    VM_FAILED, VM_RESTORED, CHECKPOINT_REQUESTED, CHECKPOINT_DURABLE
  }

  /** One event; host, vm and line are -1 where they do not apply. */
  public record Event(long seq, long atMillis, Kind kind, int host, int vm, int line,
      String text) {
    String encode() {
      return seq + " " + atMillis + " " + kind + " " + host + " " + vm + " " + line + " "
          + text.replaceAll("\\s*\\R\\s*", " ");
    }

    static Event decode(String line) {
      String[] f = line.split(" ", 7);
      return new Event(Long.parseLong(f[0]), Long.parseLong(f[1]), Kind.valueOf(f[2]),
          Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]),
          f.length > 6 ? f[6] : "");
    }
  }

  private final Path file;
  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private long lastSeq;
  private int linesOnDisk;
  private boolean warned;

  private EventLog(Path file) {
    this.file = file;
  }

  /** The history kept in {@code file}, or a new one if there is none. */
  public static EventLog open(Path file) {
    EventLog log = new EventLog(file);
    log.load();
    return log;
  }

  private void load() {
    if (!Files.exists(file)) {
      return;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot read the event history {0} ({1}); starting a new one",
          file, e.toString());
      return;
    }
    for (String line : lines) {
      try {
        keep(Event.decode(line));
      } catch (RuntimeException torn) {
        // a line cut by a crash mid-append, or a hand edit: the rest is still worth showing
      }
    }
    linesOnDisk = lines.size();
  }

  private void keep(Event e) {
    events.addLast(e);
    lastSeq = Math.max(lastSeq, e.seq());
    while (events.size() > CAPACITY) {
      events.removeFirst();
    }
  }

  /** Records an event now and appends it to the file. */
  public Event add(long nowMillis, Kind kind, int host, int vm, int line, String text) {
    Event e = new Event(lastSeq + 1, nowMillis, kind, host, vm, line, text);
    keep(e);
    append(e);
    return e;
  }

  private void append(Event e) {
    try {
      if (linesOnDisk >= 2 * CAPACITY) {
        StringBuilder b = new StringBuilder();
        events.forEach(k -> b.append(k.encode()).append('\n'));
        Durable.write(file, b.toString());
        linesOnDisk = events.size();
      } else {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
            StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
          ByteBuffer b = ByteBuffer.wrap((e.encode() + "\n").getBytes(StandardCharsets.UTF_8));
          while (b.hasRemaining()) {
            ch.write(b);
          }
          ch.force(false);
        }
        linesOnDisk++;
      }
      warned = false;
    } catch (IOException ex) {
      if (!warned) { // once per outage: a full disk would otherwise say it at every event
        warned = true;
        LOG.log(Level.WARNING, "cannot write the event history {0} ({1}); events are kept in "
            + "memory meanwhile", file, ex.toString());
      }
    }
  }

  /** The kept events with a sequence number above {@code afterSeq}, oldest first. */
  public List<Event> after(long afterSeq) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if (e.seq() > afterSeq) {
        out.add(e);
      }
    }
    return out;
  }
}
