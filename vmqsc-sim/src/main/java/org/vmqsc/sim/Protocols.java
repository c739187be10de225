package org.vmqsc.sim;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vmqsc.core.baseline.bcs.BcsProtocol;
import org.vmqsc.core.baseline.coordinated.CoordinatedRoles;
import org.vmqsc.core.baseline.none.NoneRoles;
import org.vmqsc.core.baseline.pessimistic.PessimisticRoles;
import org.vmqsc.core.protocol.VmqscRoles;
import org.vmqsc.core.role.RoleSystem;
import org.vmqsc.core.spi.Protocol;
import org.vmqsc.core.spi.ProtocolContext;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioException;

/** The protocols the simulator can run, by name, and which scenarios each can run. */
public final class Protocols {
  /** How to make one, and whether it recovers failures at all. */
  private record Entry(Function<ProtocolContext, Protocol> factory, boolean recovers) {}

  private static final Map<String, Entry> ALL = new LinkedHashMap<>();

  static {
    ALL.put("vmqsc", new Entry(ctx -> new RoleSystem(new VmqscRoles(), ctx), true));
    ALL.put("pessimistic", new Entry(ctx -> new RoleSystem(new PessimisticRoles(), ctx), true));
    ALL.put("coordinated", new Entry(ctx -> new RoleSystem(new CoordinatedRoles(), ctx), true));
    ALL.put("bcs", new Entry(BcsProtocol::new, true));
    ALL.put(NoneRoles.NAME, new Entry(ctx -> new RoleSystem(new NoneRoles(), ctx), false));
  }

  private Protocols() {}

  public static List<String> names() {
    return List.copyOf(ALL.keySet());
  }

  /** The name itself if known; else an IllegalArgumentException naming the known ones. */
  public static String require(String name) {
    if (!ALL.containsKey(name)) {
      throw new IllegalArgumentException("unknown protocol '" + name + "' (known: "
          + String.join(", ", ALL.keySet()) + ")");
    }
    return name;
  }

  /** Whether {@code name} can run {@code s}: a protocol that recovers nothing needs no failures. */
  public static boolean canRun(String name, Scenario s) {
    return ALL.get(require(name)).recovers() || !s.failures().any();
  }

  /** The protocols that can run every one of {@code scenarios}, in registry order. */
  public static List<String> runnableOn(Collection<Scenario> scenarios) {
    return ALL.keySet().stream()
        .filter(p -> scenarios.stream().allMatch(s -> canRun(p, s))).toList();
  }

  /**
   * Bad input (exit 2, one line) unless {@code name} can run {@code s}. Running {@code none} with
   * failures would only show that it loses messages and money, and its "recovery" figures would
   * sit in a table beside real ones while measuring nothing; the runtime refuses the same.
   */
  public static void requireRunnable(String name, Scenario s) {
    if (!canRun(name, s)) {
      throw new ScenarioException(s.name(), "failures", "protocol " + name
          + " cannot recover failures (no checkpoints, no logs); run it on a scenario without "
          + "failures, where it is the floor of every overhead");
    }
  }

  public static Protocol create(String name, ProtocolContext ctx) {
    return ALL.get(require(name)).factory().apply(ctx);
  }
}
