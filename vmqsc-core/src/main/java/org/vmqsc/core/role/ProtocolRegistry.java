package org.vmqsc.core.role;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmqsc.core.baseline.bcs.BcsRoles;
import org.vmqsc.core.baseline.coordinated.CoordinatedRoles;
import org.vmqsc.core.baseline.none.NoneRoles;
import org.vmqsc.core.baseline.pessimistic.PessimisticRoles;
import org.vmqsc.core.protocol.VmqscRoles;

/**
 * The one registry of protocols, by name, in the order tables list them. The simulator and the
 * runtime both make their roles from here; neither keeps a list of its own.
 */
public final class ProtocolRegistry {
  private static final Map<String, ProtocolRoles> ALL = new LinkedHashMap<>();

  static {
    add(new VmqscRoles());
    add(new PessimisticRoles());
    add(new CoordinatedRoles());
    add(new BcsRoles());
    add(new NoneRoles());
  }

  private ProtocolRegistry() {}

  private static void add(ProtocolRoles roles) {
    ALL.put(roles.name(), roles);
  }

  public static List<String> names() {
    return List.copyOf(ALL.keySet());
  }

  /** The protocol called {@code name}; else an IllegalArgumentException naming the known ones. */
  public static ProtocolRoles get(String name) {
    ProtocolRoles roles = ALL.get(name);
    if (roles == null) {
      throw new IllegalArgumentException("unknown protocol '" + name + "' (known: "
          + String.join(", ", ALL.keySet()) + ")");
    }
    return roles;
  }
}
