package org.vmqsc.core.baseline.none;

import org.vmqsc.core.role.Recovery;
import java.util.Set;
import java.util.function.IntFunction;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.spi.HostedProtocol;
import org.vmqsc.core.spi.ProtocolContext;

/**
 * Protocol {@code none}: no checkpoints, no logs, no control messages, just the hypervisors
 * relaying messages ({@link RelayHost}). It is the floor that every other protocol's overhead is
 * measured against, on the same traffic. It recovers nothing: the drivers refuse to run it with
 * failures (the simulator's scenario check, the runtime's failure commands), so the oracle checks
 * everything it does promise on a failure-free run (P1, P2, P4, P6) and exempts nothing.
 */
public final class NoneProtocol extends HostedProtocol {
  public static final String NAME = "none";

  private final RelayHost[] hosts;

  public NoneProtocol(ProtocolContext ctx) {
    this(ctx.topology(), new RelayHost[ctx.topology().hosts()], ctx);
  }

  private NoneProtocol(Topology topo, RelayHost[] hosts, ProtocolContext ctx) {
    super(topo, hosts);
    this.hosts = hosts;
    for (int h = 0; h < hosts.length; h++) {
      hosts[h] = new RelayHost(h, topo, ctx.transport(), ctx.listener());
    }
  }

  /** What every recovery entry point throws: a driver asked {@code none} to do what it cannot. */
  static UnsupportedOperationException cannotRecover() {
    return new UnsupportedOperationException("protocol none cannot recover failures: it keeps "
        + "no checkpoints and no logs");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void boot(IntFunction<Guest> guests) {
    for (RelayHost h : hosts) {
      h.boot(guests);
    }
  }

  @Override
  public void restoreVm(int vm) {
    throw cannotRecover();
  }

  @Override
  public void failHost(int host) {
    throw cannotRecover();
  }

  @Override
  public Recovery recoverHosts(Set<Integer> failed, int[] hostIndex) {
    throw cannotRecover();
  }

  /** No line is ever taken: there are no checkpoints. */
  @Override
  public int takenLine() {
    return -1;
  }

  @Override
  public int durableLine() {
    return -1;
  }
}
