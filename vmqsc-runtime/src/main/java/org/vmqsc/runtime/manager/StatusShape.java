package org.vmqsc.runtime.manager;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.HostLiveness;
import org.vmqsc.runtime.proto.StatusResponse;
import org.vmqsc.runtime.proto.VmStatus;

/**
 * The host and VM objects of {@code vmqsc status --json} (docs/operations.md, schema 1), written
 * once for both places that show them: the CLI's {@code status --json} and the dashboard's
 * {@code /api/state}. The manager's answer gives placement, liveness and incarnations; each
 * host's own answer (null where it did not answer) the rest.
 */
public final class StatusShape {
  private static final String[] HOST_REPORTED = {"up", "index", "usable", "lastCheckpoint",
      "volatileLog", "stableLogs"};

  private StatusShape() {}

  /** Fills {@code o} with host {@code h} as the manager sees it and as it answered ({@code a}). */
  public static ObjectNode host(ObjectNode o, HostLiveness h, StatusResponse a,
      ClusterStatusResponse m) {
    o.put("host", h.getHost());
    o.put("address", h.getAddress());
    o.put("alive", h.getAlive());
    o.put("awaitingRecovery", h.getAwaitingRecovery());
    o.put("sessionUp", h.getSessionUp());
    o.put("joins", h.getJoins());
    o.put("answers", a != null);
    textOrNull(o, "storageProblem", a == null ? "" : a.getStorageProblem());
    ArrayNode vms = o.putArray("vms");
    for (int vm = 0; vm < m.getVmHostCount(); vm++) {
      if (m.getVmHost(vm) == h.getHost()) {
        vms.add(vm);
      }
    }
    return o;
  }

  /**
   * Fills {@code o} with VM {@code vm} (checkpointing every {@code k}·T0): the manager's
   * placement and incarnation, the rest as its hypervisor reports it in {@code hosts}.
   */
  public static ObjectNode vm(ObjectNode o, int vm, int k, long basePeriodMillis,
      ClusterStatusResponse m, List<StatusResponse> hosts) {
    int host = m.getVmHost(vm);
    o.put("vm", vm);
    o.put("host", host);
    o.put("type", k == 1 ? "SI" : "MI" + k);
    o.put("checkpointIntervalMillis", k * basePeriodMillis);
    o.put("incarnation", vm < m.getIncarnationCount() ? m.getIncarnation(vm) : 0);
    VmStatus v = reported(hosts, host, vm);
    if (v == null) { // its host does not answer, or does not run it (yet)
      for (String f : HOST_REPORTED) {
        o.putNull(f);
      }
      return o;
    }
    o.put("up", v.getUp());
    o.put("index", v.getIndex());
    o.put("usable", v.getUsable());
    if (v.getLastCheckpoint() < 0) {
      o.putNull("lastCheckpoint");
    } else {
      o.putObject("lastCheckpoint").put("index", v.getLastCheckpoint())
          .put("durable", v.getLastCheckpointDurable());
    }
    o.put("volatileLog", v.getVolatileLog());
    o.put("stableLogs", v.getStableLogs());
    return o;
  }

  private static VmStatus reported(List<StatusResponse> hosts, int host, int vm) {
    if (host < 0 || host >= hosts.size() || hosts.get(host) == null) {
      return null;
    }
    for (VmStatus v : hosts.get(host).getVmsList()) {
      if (v.getVm() == vm) {
        return v;
      }
    }
    return null;
  }

  /** Empty text is "not known": null, never absent (schema 1). */
  public static void textOrNull(ObjectNode o, String field, String text) {
    if (text == null || text.isEmpty()) {
      o.putNull(field);
    } else {
      o.put(field, text);
    }
  }

  /** A negative number is "none": null. */
  public static void intOrNull(ObjectNode o, String field, int value) {
    if (value < 0) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }
}
