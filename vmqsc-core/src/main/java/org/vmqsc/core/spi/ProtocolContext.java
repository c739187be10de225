package org.vmqsc.core.spi;

import java.util.function.LongSupplier;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.config.Topology;

/**
 * What a protocol gets from its driver: the VMs and hosts, rule switches, the network, stable
 * storage, a listener, and a clock (simulated or real milliseconds) for the protocols that measure
 * time themselves (blocking, timeouts).
 */
public record ProtocolContext(Topology topology, Rules rules, Transport transport,
    StableStorage storage, ProtocolListener listener, LongSupplier clock) {}
