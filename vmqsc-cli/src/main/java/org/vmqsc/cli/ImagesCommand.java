package org.vmqsc.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.storage.ObjectStore;
import org.vmqsc.runtime.storage.StorageInventory;
import org.vmqsc.runtime.storage.StorageInventory.Crc;
import org.vmqsc.runtime.storage.StorageInventory.Entry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc images list|verify}: every checkpoint and log object in a cluster's stable storage
 * (its directory or its S3 bucket) with its VM, interval, incarnation, size and CRC state
 * ({@link StorageInventory}). Needs no running process: it reads the storage itself.
 */
@Command(name = "images", description = "Lists or verifies (CRC32C) every checkpoint and log "
    + "object in a cluster's stable storage.",
    subcommands = {ImagesListCommand.class, ImagesVerifyCommand.class})
final class ImagesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand (list, verify; see vmqsc images --help)");
  }

  /**
   * Scans the cluster's storage and prints it; returns how many objects are damaged, or -1 when
   * the storage cannot be read (said in one line).
   */
  static long scanAndPrint(CommandLine cl, ClusterSpec cs, boolean verify, boolean json) {
    List<Entry> all;
    try (ObjectStore store = cs.openStore()) {
      all = StorageInventory.scan(store, cs.topology().vms(), verify);
    } catch (IOException | UncheckedIOException e) {
      ErrorHandling.print(cl.getErr(), "cannot read stable storage: " + e.getMessage());
      return -1;
    }
    PrintWriter out = cl.getOut();
    long damaged = all.stream().filter(e -> e.crc() == Crc.DAMAGED).count();
    if (json) {
      ObjectNode root = Json.object();
      root.put("schema", 1);
      root.put("verified", verify);
      root.put("damaged", damaged);
      ArrayNode objects = root.putArray("objects");
      all.forEach(e -> objects.add(object(e)));
      Json.print(out, root);
      return damaged;
    }
    out.println("vm    kind     interval  incarnation  bytes       crc        object");
    for (Entry e : all) {
      out.printf("%-5s %-8s %-9s %-12s %-11d %-10s %s%s%n", dash(e.vm()), e.kind(),
          dash(e.interval()), dash(e.incarnation()), e.bytes(), e.crc().name().toLowerCase(),
          e.object(), e.why().isEmpty() ? "" : "  (" + e.why() + ")");
    }
    long checkpoints = all.stream().filter(e -> e.kind().equals("ckpt")).count();
    long segments = all.stream().filter(e -> e.kind().equals("segment")).count();
    long records = all.stream().filter(e -> e.object().contains(".seg@")).count();
    out.printf("%d checkpoint object(s), %d log record(s) in %d segment(s); %s%n", checkpoints,
        records, segments, damaged > 0 ? damaged + " DAMAGED"
            : verify ? "all checksums hold" : "log records checked, checkpoints not read "
                + "(vmqsc images verify reads them)");
    return damaged;
  }

  private static ObjectNode object(Entry e) {
    ObjectNode o = Json.object();
    o.put("object", e.object());
    o.put("kind", e.kind());
    boolean item = !List.of("segment", "other", "mark", "temp").contains(e.kind());
    idOrNull(o, "vm", e.vm() >= 0, e.vm());
    idOrNull(o, "interval", item, e.interval());
    idOrNull(o, "incarnation", item, e.incarnation());
    o.put("bytes", e.bytes());
    o.put("crc", e.crc().name().toLowerCase());
    if (!e.why().isEmpty()) {
      o.put("problem", e.why());
    }
    return o;
  }

  private static void idOrNull(ObjectNode o, String field, boolean known, int v) {
    if (known) {
      o.put(field, v);
    } else {
      o.putNull(field);
    }
  }

  private static String dash(int v) {
    return v < 0 ? "-" : Integer.toString(v);
  }
}
