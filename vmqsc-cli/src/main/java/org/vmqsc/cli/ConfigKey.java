package org.vmqsc.cli;

import java.util.List;
import java.util.Locale;
import org.vmqsc.core.protocol.VmqscRoles;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.log.LogSettings;

/**
 * One {@code cluster.yaml} key: its name, the kind of value (how {@code cluster up}'s flag turns
 * into YAML), its unit, its default as docs/config.md shows it, and what it means. {@link #ALL} is
 * the one list: the parser accepts exactly these keys, {@code cluster up} has a flag for each,
 * and ConfigDocTest holds docs/config.md to it. A new key goes at the end of {@link #ALL}.
 */
record ConfigKey(String name, Kind kind, String unit, String dflt, String meaning) {
  /** How a flag's text becomes the key's YAML value. */
  enum Kind {
    TEXT, NUMBER, LIST_OF_NUMBERS, LIST_OF_TEXT
  }

  static final String REQUIRED = "required";

  static final List<ConfigKey> ALL = List.of(
      key("scenario", Kind.TEXT, "name or file", REQUIRED,
          "a bundled scenario or a scenario file: groups, VM types, placement, traffic, T0"),
      key("dir", Kind.TEXT, "directory", REQUIRED,
          "must exist: storage, manager state, pid files, console and rotating logs"),
      key("managerPort", Kind.NUMBER, "port", REQUIRED, "the manager's gRPC port"),
      key("relayPorts", Kind.LIST_OF_NUMBERS, "ports", REQUIRED,
          "one per host: the peer relay (R7)"),
      key("controlPorts", Kind.LIST_OF_NUMBERS, "ports", REQUIRED,
          "one per host: recovery phases and admin calls"),
      key("basePeriod", Kind.TEXT, "duration", "the scenario's", "T0, the checkpoint period"),
      key("secretFile", Kind.TEXT, "file", "secret",
          "the cluster secret every call carries; relative to dir"),
      key("bind", Kind.TEXT, "address", "127.0.0.1",
          "what every process listens on (0.0.0.0 across machines)"),
      key("memoryImage", Kind.TEXT, "size", "1MiB",
          "each VM's checkpoint size (the scenario's is for simulation)"),
      key("lazyDelay", Kind.TEXT, "duration", "the scenario's storage.lazyDelay",
          "R10: how long a checkpoint may stay staged before it is made durable"),
      key("vmRestart", Kind.TEXT, "duration", ms(ClusterSpec.DEFAULT_VM_RESTART_MILLIS),
          "a failed VM's downtime before its hypervisor restores it"),
      key("heartbeatTimeout", Kind.TEXT, "duration",
          ms(ClusterSpec.DEFAULT_HEARTBEAT_TIMEOUT_MILLIS),
          "silence after which the manager declares a host failed"),
      key("relocateAfter", Kind.TEXT, "duration or never",
          ms(ClusterSpec.DEFAULT_RELOCATE_AFTER_MILLIS),
          "a failed host away this long has its VMs restarted elsewhere (R9, D14); never waits"),
      key("seed", Kind.NUMBER, "integer", "the scenario's", "the traffic generators' seed"),
      key("protocol", Kind.TEXT, "name", VmqscRoles.NAME,
          "what the manager and hypervisors run, by its name in the core's ProtocolRegistry"),
      key("guest", Kind.TEXT, "bank, traffic or class", "the scenario's workload",
          "the guest each VM runs; a class is a concrete Guest with a public (int vm, Ledger) "
          + "constructor"),
      key("managerAddress", Kind.TEXT, "address", "bind",
          "across machines: where the manager runs"),
      key("hostAddresses", Kind.LIST_OF_TEXT, "addresses", "bind",
          "across machines: where each host runs, one per host"),
      key("heap", Kind.TEXT, "size", (RuntimeConfig.DEFAULT_HEAP_BYTES >> 20) + "MiB",
          "each process's Java heap (-Xmx); all of them must fit this machine's memory"),
      key("storage", Kind.TEXT, "s3://bucket/prefix", "dir/storage",
          "stable storage in a bucket of an S3-compatible store; the bucket must exist"),
      key("s3Endpoint", Kind.TEXT, "URL", "AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, AWS",
          "the S3 server of storage"),
      key("s3Region", Kind.TEXT, "region", "AWS_REGION, AWS_DEFAULT_REGION, us-east-1",
          "the S3 region of storage"),
      key("s3CredentialsFile", Kind.TEXT, "file", "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY",
          "accessKeyId=... and secretAccessKey=... lines; relative to dir"),
      key("logLevel", Kind.TEXT, "level", LogSettings.DEFAULT_LEVEL,
          "trace, debug, info, warn, error or off; libraries stay at warn unless quieter"),
      key("logFormat", Kind.TEXT, "text or json", LogSettings.Format.TEXT.key(),
          "one line of text per event, or one JSON object per line"),
      key("logFileSize", Kind.TEXT, "size", (LogSettings.DEFAULT_MAX_FILE_BYTES >> 20) + "MiB",
          "dir/logs/NAME.log rolls to NAME.1.log when it reaches this size"),
      key("logFiles", Kind.NUMBER, "count", Integer.toString(LogSettings.DEFAULT_MAX_FILES),
          "rolled files kept per process (NAME.1.log .. NAME.N.log), 1.." + LogSettings.MAX_MAX_FILES),
      key("jvmOpts", Kind.TEXT, "JVM options", "$VMQSC_JVM_OPTS at cluster up, else none",
          "options of every process's JVM, split at spaces; an -Xmx here replaces heap"),
      key("managerMetricsPort", Kind.NUMBER, "port", "any free port",
          "the manager's /metrics and /healthz (HTTP; 0: any free port, named in its log)"),
      key("metricsPorts", Kind.LIST_OF_NUMBERS, "ports", "any free port",
          "one per host: its /metrics and /healthz (0: any free port)"),
      key("managerNetns", Kind.TEXT, "namespace", "none",
          "one machine, as root: the Linux network namespace the manager is started in"),
      key("hostNetns", Kind.LIST_OF_TEXT, "namespaces", "none",
          "one machine, as root: the network namespace each host is started in, one per host"),
      key("whenFenced", Kind.TEXT, "stop or rejoin", "stop",
          "what a host the manager declared failed while it ran does when told: stop (exit 5) "
          + "or rejoin as restarted in the same process"),
      key("managerPorts", Kind.LIST_OF_NUMBERS, "ports", "managerPort: one manager",
          "a manager replicated on Ratis: each replica's gRPC port (3 or 5 of them, the first "
          + "is managerPort), served by the leader alone"),
      key("ratisPorts", Kind.LIST_OF_NUMBERS, "ports", "required with managerPorts",
          "each manager replica's Ratis peer port, one per managerPorts entry"),
      key("managerAddresses", Kind.LIST_OF_TEXT, "addresses", "managerAddress, or bind",
          "across machines: where each manager replica runs, one per managerPorts entry"),
      key("managerNetnses", Kind.LIST_OF_TEXT, "namespaces", "managerNetns",
          "one machine, as root: the network namespace each manager replica is started in, one "
          + "per managerPorts entry"),
      key("tls", Kind.TEXT, "true or false", "true",
          "mutual TLS with the cluster CA (dir/tls) on every gRPC link; false: plaintext"));

  private static ConfigKey key(String name, Kind kind, String unit, String dflt, String meaning) {
    return new ConfigKey(name, kind, unit, dflt, meaning);
  }

  /** The names, in the table's order: what the parser accepts. */
  static List<String> names() {
    return ALL.stream().map(ConfigKey::name).toList();
  }

  static ConfigKey of(String name) {
    return ALL.stream().filter(k -> k.name.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no config key " + name));
  }

  /** {@code cluster up}'s flag for the key: its name in kebab case (managerPort: --manager-port). */
  String flag() {
    return "--" + name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** A flag's text as the key's YAML value: numbers as numbers, lists split at commas. */
  Object value(String text) {
    return switch (kind) {
      case TEXT -> text;
      case NUMBER -> number(text.strip());
      case LIST_OF_NUMBERS -> split(text).stream().map(ConfigKey::number).toList();
      case LIST_OF_TEXT -> split(text);
    };
  }

  /** A number stays text when it is not one: the parser then says what is wrong, by key. */
  private static Object number(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return s;
    }
  }

  private static List<String> split(String s) {
    return List.of(s.split(",")).stream().map(String::strip).filter(x -> !x.isEmpty()).toList();
  }

  /** Whole seconds as {@code 3s}, else milliseconds as {@code 500ms}. */
  static String ms(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
