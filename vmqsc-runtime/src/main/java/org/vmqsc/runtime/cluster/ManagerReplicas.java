package org.vmqsc.runtime.cluster;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The manager's replicas when it runs on Apache Ratis (docs/runtime.md "Replicated manager"):
 * 2f+1 processes, numbered from 0, each with the address others dial it at, its manager gRPC port
 * (served only while it is the Ratis leader) and its Ratis peer port.
 */
public record ManagerReplicas(List<Replica> replicas) {
  /** Most replicas: f = 2 tolerates two down, and each is a JVM on this machine. */
  public static final int MAX = 5;

  /** One replica: {@code address} is what the others and the hosts dial (a name or an IP). */
  public record Replica(int id, String address, int managerPort, int ratisPort) {
    public String managerAddress() {
      return address + ":" + managerPort;
    }

    public String ratisAddress() {
      return address + ":" + ratisPort;
    }
  }

  public ManagerReplicas {
    replicas = List.copyOf(replicas);
    check(replicas.size());
    for (int i = 0; i < replicas.size(); i++) {
      if (replicas.get(i).id() != i) {
        throw new IllegalArgumentException("manager replicas are numbered 0.." + (replicas.size()
            - 1) + " in order");
      }
    }
  }

  /** Refuses a replica count that is not 1, 3 or 5, in one line. */
  public static void check(int n) {
    if (n < 1 || n > MAX || n % 2 == 0) {
      throw new IllegalArgumentException(n + " manager replicas: need an odd number from 1 to "
          + MAX + " (2f+1 survive f down; an even count tolerates no more than one fewer)");
    }
  }

  /** Replicas {@code 0..n-1} on {@code address}, with the given ports. */
  public static ManagerReplicas on(String address, int[] managerPorts, int[] ratisPorts) {
    return on(java.util.Collections.nCopies(managerPorts.length, address), managerPorts,
        ratisPorts);
  }

  /** Replicas {@code 0..n-1}, replica i at {@code addresses.get(i)}. */
  public static ManagerReplicas on(List<String> addresses, int[] managerPorts, int[] ratisPorts) {
    if (managerPorts.length != ratisPorts.length || addresses.size() != managerPorts.length) {
      throw new IllegalArgumentException("need one manager port, one Ratis port and one address "
          + "per manager replica (" + managerPorts.length + " manager ports, " + ratisPorts.length
          + " Ratis ports, " + addresses.size() + " addresses)");
    }
    java.util.ArrayList<Replica> out = new java.util.ArrayList<>();
    for (int i = 0; i < managerPorts.length; i++) {
      out.add(new Replica(i, addresses.get(i), managerPorts[i], ratisPorts[i]));
    }
    return new ManagerReplicas(out);
  }

  public Replica get(int id) {
    if (id < 0 || id >= replicas.size()) {
      throw new IllegalArgumentException("no manager replica " + id + " (there are "
          + replicas.size() + ": 0.." + (replicas.size() - 1) + ")");
    }
    return replicas.get(id);
  }

  public int size() {
    return replicas.size();
  }

  /** Every replica's manager address, comma-separated: how a channel to the leader is named. */
  public String managerAddresses() {
    return replicas.stream().map(Replica::managerAddress).collect(Collectors.joining(","));
  }
}
