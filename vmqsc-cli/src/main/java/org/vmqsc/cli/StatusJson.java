package org.vmqsc.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.vmqsc.cli.StatusCommand.HostAnswer;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.manager.StatusShape;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.HostLiveness;
import org.vmqsc.runtime.proto.StatusResponse;

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
    StatusShape.textOrNull(manager, "problem", m.getManagerProblem());
    manager.put("term", m.getManagerTerm()); // replicated manager: docs/runtime.md
    ArrayNode replicas = manager.putArray("replicas");
    for (org.vmqsc.runtime.proto.ManagerReplicaInfo r : m.getManagerReplicasList()) {
      ObjectNode o = replicas.addObject();
      o.put("id", r.getId());
      o.put("address", r.getAddress());
      o.put("leader", r.getLeader());
      if (r.getLastHeardMillis() < 0) {
        o.putNull("lastHeardMillis");
      } else {
        o.put("lastHeardMillis", r.getLastHeardMillis());
      }
      if (r.getMatchIndex() < 0) {
        o.putNull("matchIndex");
      } else {
        o.put("matchIndex", r.getMatchIndex());
      }
    }
    ObjectNode lines = root.putObject("lines");
    lines.put("taken", m.getTakenLine());
    lines.put("durable", m.getDurableLine());
    ObjectNode recovery = root.putObject("recovery");
    recovery.put("inProgress", m.getRecoveryInProgress());
    recovery.put("completed", m.getRecoveries());
    StatusShape.intOrNull(recovery, "lastLine", m.getLastRecoveryLine());
    StatusShape.intOrNull(recovery, "lastDamagedLine", m.getLastDamagedLine());
    StatusShape.textOrNull(recovery, "problem", m.getRecoveryProblem());
    List<StatusResponse> answers = hosts.stream().map(HostAnswer::status).toList();
    ArrayNode hostArray = root.putArray("hosts");
    for (HostLiveness h : m.getHostsList()) {
      hostArray.add(StatusShape.host(Json.object(), h, answers.get(h.getHost()), m));
    }
    ArrayNode vms = root.putArray("vms");
    for (int vm = 0; vm < cs.topology().vms(); vm++) {
      vms.add(StatusShape.vm(Json.object(), vm, cs.topology().k(vm), cs.basePeriodMillis(), m,
          answers));
    }
    return root;
  }
}
