package org.vmqsc.sim;

import java.util.Collection;
import java.util.List;
import org.vmqsc.core.role.ProtocolRegistry;
import org.vmqsc.core.role.RoleSystem;
import org.vmqsc.core.spi.Protocol;
import org.vmqsc.core.spi.ProtocolContext;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioException;

/**
 * The protocols the simulator can run: the core's {@link ProtocolRegistry}, each wired as a
 * {@link RoleSystem}, and which scenarios each can run.
 */
public final class Protocols {
  private Protocols() {}

  public static List<String> names() {
    return ProtocolRegistry.names();
  }

  /** The name itself if known; else an IllegalArgumentException naming the known ones. */
  public static String require(String name) {
    return ProtocolRegistry.get(name).name();
  }

  /** Whether {@code name} can run {@code s}: a protocol that recovers nothing needs no failures. */
  public static boolean canRun(String name, Scenario s) {
    return ProtocolRegistry.get(name).recovers() || !s.failures().any();
  }

  /** Whether {@code name} can restart a failed host's VMs on other hosts (D14). */
  public static boolean relocates(String name) {
    return ProtocolRegistry.get(name).relocates();
  }

  /** The protocols that can run every one of {@code scenarios}, in registry order. */
  public static List<String> runnableOn(Collection<Scenario> scenarios) {
    return names().stream()
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

  /** Control messages delivered at once. */
  public static Protocol create(String name, ProtocolContext ctx) {
    return create(name, ctx, RoleSystem.INSTANT);
  }

  /** Control messages go through {@code courier} (the simulator's network, or at once). */
  public static Protocol create(String name, ProtocolContext ctx, RoleSystem.Courier courier) {
    return new RoleSystem(ProtocolRegistry.get(name), ctx, courier);
  }
}
