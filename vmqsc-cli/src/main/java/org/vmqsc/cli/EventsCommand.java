package org.vmqsc.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.ClusterEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc events --dir DIR [--json] [--follow [--interval 1s] [--count N]]}: the manager's
 * event history (host and VM failures, recoveries, fall-backs, relocations, fencing), the last
 * 1,000, oldest first; kept across manager restarts.
 */
@Command(name = "events", description = "Shows what happened to a running cluster: failures, "
    + "recoveries, fall-backs, relocations, fencing (the manager's last 1,000 events).")
final class EventsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterDirOption cluster;

  @Option(names = "--json", description = "One JSON object {schema, events}; with --follow, one "
      + "event object a line.")
  boolean json;

  @Option(names = "--follow", description = "Keep printing new events until interrupted.")
  boolean follow;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
      description = "How often --follow asks (default: ${DEFAULT-VALUE}).")
  String interval;

  @Option(names = "--count", paramLabel = "N",
      description = "With --follow: stop after N events (default: until interrupted).")
  Integer count;

  @Override
  public Integer call() throws Exception {
    long every = Watching.millis(spec, "--interval", interval);
    int wanted = Watching.count(spec, follow, count);
    ClusterSpec cs = cluster.spec();
    PrintWriter out = spec.commandLine().getOut();
    try (ClusterClient client = cluster.client()) {
      if (!follow) {
        List<ClusterEvent> all;
        try {
          all = client.events(0);
        } catch (RuntimeException e) {
          return StatusCommand.doesNotAnswer(spec.commandLine(), cs, e);
        }
        print(all, out);
        return 0;
      }
      return follow(client, cs, out, every, wanted);
    }
  }

  /** Asks for what is newer than the last event printed until {@code wanted} were printed. */
  private int follow(ClusterClient client, ClusterSpec cs, PrintWriter out, long every,
      int wanted) throws InterruptedException {
    long after = 0;
    int printed = 0;
    while (true) {
      List<ClusterEvent> news;
      try {
        news = client.events(after);
      } catch (RuntimeException e) {
        // A manager restarting is what one follows events for: say it, and keep asking.
        StatusCommand.doesNotAnswer(spec.commandLine(), cs, e);
        news = List.of();
      }
      for (ClusterEvent e : news) {
        if (json) {
          Json.print(out, event(e));
        } else {
          out.println(line(e));
        }
        after = e.getSeq();
        if (++printed >= wanted) {
          out.flush();
          return 0;
        }
      }
      out.flush();
      Thread.sleep(every);
    }
  }

  private void print(List<ClusterEvent> events, PrintWriter out) {
    if (json) {
      ObjectNode root = Json.object();
      root.put("schema", StatusJson.SCHEMA);
      ArrayNode a = root.putArray("events");
      events.forEach(e -> a.add(event(e)));
      Json.print(out, root);
    } else if (events.isEmpty()) {
      out.println("(no events yet)");
    } else {
      events.forEach(e -> out.println(line(e)));
    }
  }

  static String line(ClusterEvent e) {
    return String.format("%s  #%-5d %-20s %s", Instant.ofEpochMilli(e.getAtMillis()),
        e.getSeq(), e.getKind(), e.getText());
  }

  static ObjectNode event(ClusterEvent e) {
    ObjectNode o = Json.object();
    o.put("seq", e.getSeq());
    o.put("at", Instant.ofEpochMilli(e.getAtMillis()).toString());
    o.put("atMillis", e.getAtMillis());
    o.put("kind", e.getKind());
    idOrNull(o, "host", e.getHost());
    idOrNull(o, "vm", e.getVm());
    idOrNull(o, "line", e.getLine());
    o.put("text", e.getText());
    return o;
  }

  private static void idOrNull(ObjectNode o, String field, int id) {
    if (id < 0) {
      o.putNull(field);
    } else {
      o.put(field, id);
    }
  }
}
