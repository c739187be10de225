package org.vmqsc.cli;

import picocli.CommandLine.Option;

/**
 * The {@code cluster up} flags of the config keys that have no older flag of their own there
 * (see {@link ConfigKey}: each key's flag is its name in kebab case). Their values are read back
 * by flag name ({@link ClusterUpCommand}), so a field here is only what picocli parses and shows.
 */
final class ConfigFlags {
  @Option(names = "--manager-port", paramLabel = "PORT",
      description = "The manager's port (default: a free one).")
  String managerPort;

  @Option(names = "--relay-ports", paramLabel = "PORT,...",
      description = "Each host's relay port, one per host (default: free ones).")
  String relayPorts;

  @Option(names = "--control-ports", paramLabel = "PORT,...",
      description = "Each host's control port, one per host (default: free ones).")
  String controlPorts;

  @Option(names = "--manager-metrics-port", paramLabel = "PORT",
      description = "The manager's /metrics and /healthz port (default: a free one).")
  String managerMetricsPort;

  @Option(names = "--metrics-ports", paramLabel = "PORT,...",
      description = "Each host's /metrics and /healthz port, one per host (default: free ones).")
  String metricsPorts;

  @Option(names = "--secret-file", paramLabel = "FILE",
      description = "Where the new cluster secret is written, relative to DIR (default secret).")
  String secretFile;

  @Option(names = "--bind", paramLabel = "ADDR",
      description = "What every process listens on (default 127.0.0.1).")
  String bind;

  @Option(names = "--lazy-delay", paramLabel = "DURATION",
      description = "R10: how long a checkpoint may stay staged (default: the scenario's).")
  String lazyDelay;

  @Option(names = "--vm-restart", paramLabel = "DURATION",
      description = "A failed VM's downtime before it is restored (default 1s).")
  String vmRestart;

  @Option(names = "--relocate-after", paramLabel = "DURATION|never",
      description = "A failed host away this long has its VMs restarted elsewhere (default 30s).")
  String relocateAfter;

  @Option(names = "--seed", paramLabel = "N",
      description = "The traffic generators' seed (default: the scenario's).")
  String seed;

  @Option(names = "--guest", paramLabel = "bank|traffic|CLASS",
      description = "The guest each VM runs (default: the scenario's workload).")
  String guest;

  @Option(names = "--manager-address", paramLabel = "ADDR",
      description = "Across machines: where the manager runs (default: --bind).")
  String managerAddress;

  @Option(names = "--host-addresses", paramLabel = "ADDR,...",
      description = "Across machines: where each host runs, one per host (default: --bind).")
  String hostAddresses;

  @Option(names = "--s3-region", paramLabel = "REGION",
      description = "The S3 region of --storage (default AWS_REGION, else us-east-1).")
  String s3Region;

  @Option(names = "--log-level", paramLabel = "LEVEL",
      description = "Every process's log level: trace, debug, info, warn, error, off "
          + "(default info).")
  String logLevel;

  @Option(names = "--log-format", paramLabel = "FORMAT",
      description = "text or json: one JSON object per line (default text).")
  String logFormat;

  @Option(names = "--log-file-size", paramLabel = "SIZE",
      description = "DIR/logs/NAME.log rolls over at this size (default 10MiB).")
  String logFileSize;

  @Option(names = "--log-files", paramLabel = "N",
      description = "Rolled log files kept per process (default 5).")
  String logFiles;

  @Option(names = "--jvm-opts", paramLabel = "OPTS", defaultValue = "${env:VMQSC_JVM_OPTS}",
      description = "Options of every process's JVM, split at spaces (default $VMQSC_JVM_OPTS); "
          + "an -Xmx here replaces the default heap.")
  String jvmOpts;

  @Option(names = "--manager-netns", paramLabel = "NS",
      description = "Starts the manager in Linux network namespace NS (ip netns exec; root). "
          + "With --manager-address: a cluster across addresses on one machine.")
  String managerNetns;

  @Option(names = "--host-netns", paramLabel = "NS,...",
      description = "Starts each host in its own network namespace, one per host.")
  String hostNetns;

  @Option(names = "--when-fenced", paramLabel = "stop|rejoin",
      description = "What a host declared failed while it ran (a partition, a pause) does when "
          + "the manager tells it: stop (exit 5; default) or rejoin as restarted by itself.")
  String whenFenced;

  @Option(names = "--manager-ports", paramLabel = "PORT,...",
      description = "Each manager replica's port, with --managers (default: free ones).")
  String managerPorts;

  @Option(names = "--ratis-ports", paramLabel = "PORT,...",
      description = "Each manager replica's Ratis peer port, with --managers (default: free "
          + "ones).")
  String ratisPorts;

  @Option(names = "--manager-addresses", paramLabel = "ADDR,...",
      description = "Across machines: where each manager replica runs.")
  String managerAddresses;

  @Option(names = "--manager-netnses", paramLabel = "NS,...",
      description = "Starts each manager replica in its own network namespace, one per replica "
          + "(with --managers and --manager-addresses).")
  String managerNetnses;

  @Option(names = "--tls", paramLabel = "true|false",
      description = "Mutual TLS on every gRPC link, with the CA and certificates cluster up makes "
          + "in DIR/tls (default true); false: plaintext, only to measure what TLS costs.")
  String tls;
}
