package org.vmqsc.cli;

import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.auth.TlsIdentity;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.cluster.ClusterTls;
import org.vmqsc.runtime.transport.Endpoints;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc tls issue --dir DIR NAME [--address ADDR]...}: issues, or renews, one process's
 * key and certificate from the cluster's CA in DIR/tls (docs/operations.md, "Mutual TLS"): a
 * certificate that is about to expire, one for a process moved to a new address, or one for a
 * new manager replica. The process reads it when it next starts.
 */
@Command(name = "tls", description = "Issues or renews a process's certificate from the "
    + "cluster's CA (DIR/tls).", subcommands = {TlsCommand.Issue.class})
final class TlsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand (issue; see vmqsc tls --help)");
  }

  @Command(name = "issue", description = "Issues NAME's key and certificate (manager-N, host-H, "
      + "admin) from the cluster CA, replacing an older pair; restart the process to use it.")
  static final class Issue implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ClusterDirOption cluster;

    @Parameters(paramLabel = "NAME", description = "manager-N, host-H or admin")
    String name;

    @Option(names = "--address", paramLabel = "ADDR",
        description = "An address the certificate names besides 127.0.0.1, localhost and bind "
            + "(default: the one cluster.yaml gives host-H or manager-0). Repeatable.")
    List<String> addresses = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      ClusterSpec cs = cluster.spec();
      if (!cs.tls()) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "this cluster runs without TLS (tls: false in cluster.yaml)");
      }
      List<String> names = new ArrayList<>(addresses);
      if (names.isEmpty()) {
        names.addAll(defaultAddresses(cs));
      }
      TlsIdentity id;
      try {
        id = ClusterTls.issueOne(cs, name, names);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      } catch (NoSuchFileException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getFile()
            + " is missing: this cluster's CA is not here (cluster up makes it)");
      }
      spec.commandLine().getOut().printf("issued %s, valid until %s, for %s%n",
          TlsIdentity.certFile(cs.tlsDir(), name), id.certificate().getNotAfter().toInstant(),
          id.certificate().getSubjectAlternativeNames().stream().map(san -> san.get(1))
              .toList());
      return 0;
    }

    /** The address cluster.yaml gives the process of that name, if it is one of the cluster's. */
    private List<String> defaultAddresses(ClusterSpec cs) {
      if (cs.replicas() == null && name.equals(ClusterTls.manager(0))) {
        return List.of(Endpoints.parse(cs.managerAddress()).getHostString(),
            Endpoints.MANAGER_NAME);
      }
      for (int r = 0; cs.replicas() != null && r < cs.replicas().size(); r++) {
        if (name.equals(ClusterTls.manager(r))) {
          return List.of(cs.replicas().get(r).address(), Endpoints.MANAGER_NAME);
        }
      }
      for (int h = 0; h < cs.topology().hosts(); h++) {
        if (name.equals(ClusterTls.host(h))) {
          return List.of(Endpoints.parse(cs.controlAddress(h)).getHostString());
        }
      }
      return List.of();
    }
  }
}
