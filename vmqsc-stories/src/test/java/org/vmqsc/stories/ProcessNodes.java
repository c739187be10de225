package org.vmqsc.stories;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vmqsc.core.role.ProtocolRegistry;
import org.vmqsc.cli.Main;
import org.vmqsc.runtime.cluster.ClusterSpec;

/**
 * Real processes, started as a user starts them ({@code vmqsc manager --config F},
 * {@code vmqsc hypervisor --id H --config F}), each with its own log in the cluster directory; a
 * crash is SIGKILL.
 */
final class ProcessNodes implements RuntimeDriver.Nodes {
  static final ClusterDriver.Factory FACTORY = new ClusterDriver.Factory() {
    @Override
    public String name() {
      return "real processes";
    }

    @Override
    public ClusterDriver start(ClusterDriver.Setup setup) throws Exception {
      Path dir = Files.createTempDirectory("vmqsc-story-");
      return new RuntimeDriver(dir, setup, new RuntimeDriver.Timing(1000, 5000, 60_000),
          (spec, config) -> new ProcessNodes(spec, config));
    }

    @Override
    public boolean recovers(String protocol) {
      // Every protocol of the one registry runs on the runtime; those that recover are tried.
      return ProtocolRegistry.names().contains(protocol)
          && ProtocolRegistry.get(protocol).recovers();
    }
  };

  private final Path config;
  private final Path dir;
  private Process manager;
  private final Process[] hosts;

  ProcessNodes(ClusterSpec spec, Path config) {
    this.config = config;
    this.dir = config.getParent();
    this.hosts = new Process[spec.topology().hosts()];
  }

  private Process launch(String name, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
  }

  @Override
  public void startManager() throws Exception {
    manager = launch("manager", "manager", "--config", config.toString());
  }

  @Override
  public void killManager() throws Exception {
    kill(manager);
  }

  @Override
  public void startHost(int host) throws Exception {
    hosts[host] = launch("host" + host, "hypervisor", "--id", Integer.toString(host), "--config",
        config.toString());
  }

  @Override
  public void killHost(int host) throws Exception {
    kill(hosts[host]);
  }

  private static void kill(Process p) throws InterruptedException {
    p.destroyForcibly(); // SIGKILL: nothing flushed, nothing said goodbye
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("process " + p.pid() + " survived SIGKILL");
    }
  }

  @Override
  public void close() throws Exception {
    for (Process p : hosts) {
      if (p != null && p.isAlive()) {
        kill(p);
      }
    }
    if (manager != null && manager.isAlive()) {
      kill(manager);
    }
  }
}
