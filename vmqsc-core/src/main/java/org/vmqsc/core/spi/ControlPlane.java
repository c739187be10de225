package org.vmqsc.core.spi;

/** Control traffic a hypervisor sends: its periodic report to the manager. */
public interface ControlPlane {
  void report(HostReport report);
}
