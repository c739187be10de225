package org.vmqsc.cli.chaos;

import org.vmqsc.cli.ClusterDir;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;

/** The cluster a chaos run works on: its directory (logs, storage), spec and an admin client. */
public record ChaosTarget(ClusterDir dir, ClusterSpec spec, ClusterClient client) {}
