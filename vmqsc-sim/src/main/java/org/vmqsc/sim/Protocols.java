package org.vmqsc.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vmqsc.core.protocol.VmqscProtocol;
import org.vmqsc.core.spi.Protocol;
import org.vmqsc.core.spi.ProtocolContext;

/** The protocols the simulator can run, by name. */
public final class Protocols {
  private static final Map<String, Function<ProtocolContext, Protocol>> ALL =
      new LinkedHashMap<>();

  static {
    ALL.put("vmqsc", VmqscProtocol::new);
    ALL.put("pessimistic", org.vmqsc.core.baseline.pessimistic.PessimisticProtocol::new);
    ALL.put("coordinated", org.vmqsc.core.baseline.coordinated.CoordinatedProtocol::new);
    ALL.put("bcs", org.vmqsc.core.baseline.bcs.BcsProtocol::new);
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

  public static Protocol create(String name, ProtocolContext ctx) {
    return ALL.get(require(name)).apply(ctx);
  }
}
