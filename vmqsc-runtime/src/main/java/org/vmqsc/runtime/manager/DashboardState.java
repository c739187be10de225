package org.vmqsc.runtime.manager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.HostLiveness;
import org.vmqsc.runtime.proto.StatusResponse;
import org.vmqsc.runtime.proto.VmStatus;

/**
 * The dashboard's {@code /api/state} (docs/operations.md "Dashboard"): the cluster as the manager
 * holds it and its hosts report it, in the field names of {@code status --json}, plus what the
 * dashboard remembers between two polls: the lines over time and each VM's checkpoints seen. It
 * remembers only what was asked for: the history begins with the first poll after the manager
 * started, and a checkpoint taken and superseded between two polls is not in it.
 */
final class DashboardState {
  /** Raised when a field is renamed, removed or changes meaning; fields are added freely. */
  static final int SCHEMA = 1;
  /** Samples of the lines kept: ten minutes at two polls a second. */
  static final int LINE_SAMPLES = 1200;
  /** Two polls closer than this add one sample, not two (several pages open at once). */
  static final long SAMPLE_SPACING_MILLIS = 250;
  /** Checkpoints remembered per VM: a few periods of the strip, even for SI VMs. */
  static final int CHECKPOINTS_KEPT = 40;
  /** The newest events shown. */
  static final int EVENTS_SHOWN = 30;

  static final ObjectMapper JSON = new ObjectMapper();

  /** What the manager's loop holds, copied there; {@code k[vm]}: VM vm checkpoints every k·T0. */
  record Snapshot(String protocol, String managerAddress, long basePeriodMillis,
      long epochMillis, long nowMillis, int[] k, ClusterStatusResponse manager,
      List<EventLog.Event> events) {}

  private record LineSample(long atMillis, int taken, int durable) {}

  private final ArrayDeque<LineSample> lines = new ArrayDeque<>();
  /** Per VM: the index of each checkpoint seen, and whether it was seen durable (R10). */
  private final List<TreeMap<Integer, Boolean>> checkpoints = new ArrayList<>();

  /**
   * Remembers what {@code s} and the hosts' answers show and returns the state. {@code hosts}
   * holds each host's status answer by id, null where the host did not answer.
   */
  synchronized ObjectNode update(Snapshot s, List<StatusResponse> hosts) {
    ClusterStatusResponse m = s.manager();
    remember(s.nowMillis(), m, hosts);
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("atMillis", s.nowMillis());
    root.put("epochMillis", s.epochMillis());
    root.put("basePeriodMillis", s.basePeriodMillis());
    root.put("index", Math.floorDiv(s.nowMillis() - s.epochMillis(), s.basePeriodMillis()));
    root.put("protocol", s.protocol());
    ObjectNode manager = root.putObject("manager");
    manager.put("address", s.managerAddress());
    StatusShape.textOrNull(manager, "problem", m.getManagerProblem());
    ObjectNode l = root.putObject("lines");
    l.put("taken", m.getTakenLine());
    l.put("durable", m.getDurableLine());
    ObjectNode recovery = root.putObject("recovery");
    recovery.put("inProgress", m.getRecoveryInProgress());
    recovery.put("completed", m.getRecoveries());
    StatusShape.intOrNull(recovery, "lastLine", m.getLastRecoveryLine());
    StatusShape.textOrNull(recovery, "problem", m.getRecoveryProblem());
    ArrayNode hostArray = root.putArray("hosts");
    for (HostLiveness h : m.getHostsList()) {
      hostArray.add(StatusShape.host(JSON.createObjectNode(), h, hosts.get(h.getHost()), m));
    }
    ArrayNode vms = root.putArray("vms");
    for (int vm = 0; vm < s.k().length; vm++) {
      vms.add(vm(s, vm, hosts));
    }
    ArrayNode history = root.putArray("history");
    for (LineSample x : lines) {
      history.addObject().put("atMillis", x.atMillis()).put("taken", x.taken())
          .put("durable", x.durable());
    }
    ArrayNode events = root.putArray("events");
    List<EventLog.Event> ev = s.events();
    for (EventLog.Event e : ev.subList(Math.max(0, ev.size() - EVENTS_SHOWN), ev.size())) {
      events.add(event(e));
    }
    return root;
  }

  private void remember(long now, ClusterStatusResponse m, List<StatusResponse> hosts) {
    LineSample last = lines.peekLast();
    if (last == null || now - last.atMillis() >= SAMPLE_SPACING_MILLIS) {
      lines.addLast(new LineSample(now, m.getTakenLine(), m.getDurableLine()));
      while (lines.size() > LINE_SAMPLES) {
        lines.removeFirst();
      }
    }
    for (StatusResponse h : hosts) {
      for (VmStatus v : h == null ? List.<VmStatus>of() : h.getVmsList()) {
        while (checkpoints.size() <= v.getVm()) {
          checkpoints.add(new TreeMap<>());
        }
        if (v.getLastCheckpoint() >= 0) {
          TreeMap<Integer, Boolean> seen = checkpoints.get(v.getVm());
          seen.merge(v.getLastCheckpoint(), v.getLastCheckpointDurable(), Boolean::logicalOr);
          while (seen.size() > CHECKPOINTS_KEPT) {
            seen.pollFirstEntry();
          }
        }
      }
    }
  }

  private ObjectNode vm(Snapshot s, int vm, List<StatusResponse> hosts) {
    ObjectNode o = StatusShape.vm(JSON.createObjectNode(), vm, s.k()[vm], s.basePeriodMillis(),
        s.manager(), hosts);
    ArrayNode seen = o.putArray("checkpoints");
    if (vm < checkpoints.size()) {
      for (Map.Entry<Integer, Boolean> c : checkpoints.get(vm).entrySet()) {
        seen.addObject().put("index", c.getKey()).put("durable", c.getValue());
      }
    }
    return o;
  }

  private static ObjectNode event(EventLog.Event e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("seq", e.seq());
    o.put("atMillis", e.atMillis());
    o.put("kind", e.kind().name());
    StatusShape.intOrNull(o, "host", e.host());
    StatusShape.intOrNull(o, "vm", e.vm());
    StatusShape.intOrNull(o, "line", e.line());
    o.put("text", e.text());
    return o;
  }
}
