package org.vmqsc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.vmqsc.cli.demo.DemoCluster;
import org.vmqsc.cli.demo.DemoReport.Check;
import org.vmqsc.cli.demo.DemoReport;
import org.vmqsc.cli.demo.DemoStory;
import org.vmqsc.cli.demo.Promise;
import org.vmqsc.core.role.ProtocolRegistry;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.cluster.Dirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code vmqsc demo}: the paper's Figure 2 story on real processes. A local cluster (paper-fig2,
 * bank guests) runs a few periods; VM 0 crashes and is restored by its hypervisor; later host 1's
 * process is SIGKILLed just after a tick, while checkpoints staged for lazy writing (R10) are still
 * unwritten, and restarted; the manager recovers it. Traffic then stops and drains, and the demo
 * checks: the bank total (P6), every channel (P2), that the VM failure rolled back no other VM
 * (R9, P3), and that the host failure rolled back to the manager's durable line and no further
 * (R9, D7). That is VM_QSC's promise; {@code --protocol} runs another protocol of the registry,
 * with the failure checks of what it promises ({@link Promise}: coordinated checkpointing and BCS
 * roll every VM back, pessimistic logging only the failed ones; {@code none} cannot recover and
 * runs without failures). Exit 0 when all its checks hold, 1 otherwise, 2 on bad input. The processes are stopped on
 * every way out (finally and a shutdown hook, by the pid files). The story and its checks are in
 * {@code org.vmqsc.cli.demo}; this command owns the directory and the processes' lifetime.
 */
@Command(name = "demo", description = "Runs a local cluster through a VM failure and a host "
    + "crash, then checks the bank total, every channel and the rollback extent the protocol "
    + "promises (none: no failures, the ledgers only).")
final class DemoCommand implements Callable<Integer> {
  static final String SCENARIO = "paper-fig2";

  static final String CHECK_BANK = Check.BANK.title;
  static final String CHECK_CHANNELS = Check.CHANNELS.title;
  static final String CHECK_VM = Check.VM.title;
  static final String CHECK_HOST = Check.HOST.title;

  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "The cluster's directory (default: a fresh temporary directory).")
  Path dir;

  @Option(names = "--period", paramLabel = "DURATION", defaultValue = "1s",
      description = "Base period T0 (default ${DEFAULT-VALUE}).")
  String period;

  @Option(names = "--protocol", paramLabel = "NAME", defaultValue = "vmqsc",
      completionCandidates = KnownProtocols.class,
      description = "The protocol the cluster runs: ${COMPLETION-CANDIDATES} (default "
          + "${DEFAULT-VALUE}); the failure checks follow what it promises.")
  String protocol;

  @Mixin StorageOption storage;

  @Option(names = "--keep", description = "Keep the directory (config, logs, storage) after a "
      + "passing run; it is always kept after a failing one and when --dir is given.")
  boolean keep;

  private ClusterDir cd;
  private ClusterSpec cs;
  private DemoReport report;

  @Override
  public Integer call() throws Exception {
    Promise promise;
    try {
      promise = Promise.of(ProtocolRegistry.get(protocol)); // before anything is made
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--protocol: "
          + e.getMessage());
    }
    storage.check();
    boolean temp = dir == null;
    cd = new ClusterDir(temp ? Files.createTempDirectory("vmqsc-demo-") : dir);
    if (Files.exists(cd.config())) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--dir " + cd.dir
          + " already holds a cluster (choose an empty or new directory)");
    }
    report = new DemoReport(spec.commandLine().getOut(), promise);
    Thread hook = new Thread(this::killByPidFiles, "vmqsc-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    int up;
    try {
      up = run();
    } finally {
      stop();
      storage.close(); // after the cluster: its processes write to it until they stop
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook runs anyway
      }
    }
    if (up == 2) {
      if (temp) {
        Dirs.deleteTree(cd.dir);
      }
      return 2;
    }
    report.print(protocol + ", " + SCENARIO + ", T0 " + (cs == null ? period : cs.basePeriodMillis() + " ms"));
    boolean pass = report.allPass();
    if (pass && temp && !keep) {
      Dirs.deleteTree(cd.dir);
    } else {
      spec.commandLine().getOut().println("cluster directory kept: " + cd.dir + " (logs: *.log)");
    }
    return pass ? 0 : 1;
  }

  /** Brings the cluster up and tells the story; cluster up's exit status (2: bad input). */
  private int run() throws Exception {
    List<String> args = new ArrayList<>(List.of("cluster", "up", "--scenario", SCENARIO,
        "--dir", cd.dir.toString(), "--period", period, "--memory-image", "64KiB",
        "--protocol", protocol));
    args.addAll(storage.clusterUpArgs(cd.dir));
    int up = nested(args.toArray(String[]::new));
    if (up != 0) {
      if (up != 2) {
        spec.commandLine().getOut().println("demo: aborted: cluster up failed (exit " + up + ")");
        DemoCluster.showLogTails(cd, null, report);
      }
      return up;
    }
    cs = cd.spec();
    spec.commandLine().getOut().println("demo: " + protocol + ": "
        + report.promise().says);
    if (cs.s3() != null) {
      spec.commandLine().getOut().println("demo: stable storage: " + cs.s3()
          + (storage.embedded() != null ? ", s3proxy in this process" : ""));
    }
    try (ClusterClient client = cd.client(cs)) {
      new DemoStory(new DemoCluster(cd, cs, client, report)).run();
    }
    if (storage.embedded() != null) {
      spec.commandLine().getOut().println("demo: the bucket holds " + storage.embedded()
          .objects(cs.s3().prefix()) + " objects under " + cs.s3().uri());
    }
    return 0;
  }

  /** Runs another vmqsc command in this process, writing where this one writes. */
  private int nested(String... args) {
    return Main.commandLine().setOut(spec.commandLine().getOut())
        .setErr(spec.commandLine().getErr()).execute(args);
  }

  /** Stops the cluster: cluster down (hosts first), then SIGKILL what a pid file still names. */
  private void stop() {
    if (cs != null) {
      try {
        nested("cluster", "down", "--dir", cd.dir.toString());
      } catch (RuntimeException e) {
        // the pid files below
      }
    }
    killByPidFiles();
  }

  private void killByPidFiles() {
    if (!Files.isDirectory(cd.dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(cd.dir)) {
      for (Path f : files.filter(x -> x.toString().endsWith(".pid")).toList()) {
        try {
          ProcessHandle.of(Long.parseLong(Files.readString(f).trim())).ifPresent(p -> {
            p.destroyForcibly();
            try {
              p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
              // best effort
            }
          });
        } catch (IOException | NumberFormatException e) {
          // a half-written pid file: nothing to kill
        }
      }
    } catch (IOException e) {
      // the directory went away
    }
  }
}
