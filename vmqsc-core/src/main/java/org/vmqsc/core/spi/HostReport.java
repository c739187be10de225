package org.vmqsc.core.spi;

/**
 * A hypervisor's report to the manager, one entry per VM it runs: the VM's index and the highest
 * line index the VM can be recovered to from stable storage alone ({@code usable}: its state at
 * that index is durable, and no message it sent or received before it is still unsettled).
 */
public record HostReport(int host, int[] vms, int[] index, int[] usable) {}
