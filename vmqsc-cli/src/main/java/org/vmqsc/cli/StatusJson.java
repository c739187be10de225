package org.vmqsc.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.vmqsc.cli.StatusCommand.HostAnswer;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.HostLiveness;
import org.vmqsc.runtime.proto.VmStatus;

/**
 * {@code status --json}: the shape documented in docs/operations.md ("status --json") and
 * checked against the JSON Schema shipped beside this class ({@value #SCHEMA_RESOURCE}).
 * {@value #SCHEMA} is its version: a field is added without changing it, a field renamed,
 * removed or changed in meaning raises it.
 */
final class StatusJson {
  static final int SCHEMA = 1;
  static final String SCHEMA_RESOURCE = "status.schema.json";

  private StatusJson() {}

  static ObjectNode of(ClusterSpec cs, ClusterStatusResponse m, List<HostAnswer> hosts) {
    ObjectNode root = Json.object();
    root.put("schema", SCHEMA);
    root.put("protocol", cs.protocol());
    root.put("basePeriodMillis", cs.basePeriodMillis());
    ObjectNode manager = root.putObject("manager");
    manager.put("address", cs.managerAddress());
    textOrNull(manager, "problem", m.getManagerProblem());
    ObjectNode lines = root.putObject("lines");
    lines.put("taken", m.getTakenLine());
    lines.put("durable", m.getDurableLine());
    ObjectNode recovery = root.putObject("recovery");
    recovery.put("inProgress", m.getRecoveryInProgress());
    recovery.put("completed", m.getRecoveries());
    intOrNull(recovery, "lastLine", m.getLastRecoveryLine());
    intOrNull(recovery, "lastDamagedLine", m.getLastDamagedLine());
    textOrNull(recovery, "problem", m.getRecoveryProblem());
    ArrayNode hostArray = root.putArray("hosts");
    for (HostLiveness h : m.getHostsList()) {
      hostArray.add(host(h, hosts.get(h.getHost()), m));
    }
    ArrayNode vms = root.putArray("vms");
    for (int vm = 0; vm < cs.topology().vms(); vm++) {
      vms.add(vm(cs, vm, m, hosts));
    }
    return root;
  }

  private static ObjectNode host(HostLiveness h, HostAnswer a, ClusterStatusResponse m) {
    ObjectNode o = Json.object();
    o.put("host", h.getHost());
    o.put("address", h.getAddress());
    o.put("alive", h.getAlive());
    o.put("awaitingRecovery", h.getAwaitingRecovery());
    o.put("sessionUp", h.getSessionUp());
    o.put("joins", h.getJoins());
    o.put("answers", a.status() != null);
    textOrNull(o, "storageProblem", a.status() == null ? "" : a.status().getStorageProblem());
    ArrayNode vms = o.putArray("vms");
    for (int vm = 0; vm < m.getVmHostCount(); vm++) {
      if (m.getVmHost(vm) == h.getHost()) {
        vms.add(vm);
      }
    }
    return o;
  }

  /** The manager's placement and incarnation; the rest as the VM's hypervisor reports it. */
  private static ObjectNode vm(ClusterSpec cs, int vm, ClusterStatusResponse m,
      List<HostAnswer> hosts) {
    int host = m.getVmHost(vm);
    int k = cs.topology().k(vm);
    ObjectNode o = Json.object();
    o.put("vm", vm);
    o.put("host", host);
    o.put("type", k == 1 ? "SI" : "MI" + k);
    o.put("checkpointIntervalMillis", k * cs.basePeriodMillis());
    o.put("incarnation", m.getIncarnation(vm));
    VmStatus v = reported(hosts, host, vm);
    if (v == null) { // its host does not answer, or does not run it (yet)
      for (String f : new String[] {"up", "index", "usable", "lastCheckpoint", "volatileLog",
          "stableLogs"}) {
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
      ObjectNode c = o.putObject("lastCheckpoint");
      c.put("index", v.getLastCheckpoint());
      c.put("durable", v.getLastCheckpointDurable());
    }
    o.put("volatileLog", v.getVolatileLog());
    o.put("stableLogs", v.getStableLogs());
    return o;
  }

  private static VmStatus reported(List<HostAnswer> hosts, int host, int vm) {
    if (host < 0 || host >= hosts.size() || hosts.get(host).status() == null) {
      return null;
    }
    for (VmStatus v : hosts.get(host).status().getVmsList()) {
      if (v.getVm() == vm) {
        return v;
      }
    }
    return null;
  }

  private static void textOrNull(ObjectNode o, String field, String text) {
    if (text == null || text.isEmpty()) {
      o.putNull(field);
    } else {
      o.put(field, text);
    }
  }

  private static void intOrNull(ObjectNode o, String field, int value) {
    if (value < 0) {
      o.putNull(field);
    } else {
      o.put(field, value);
    }
  }
}
