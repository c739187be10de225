package org.vmqsc.core.role;

import org.vmqsc.core.spi.ProtocolContext;

/**
 * What the manager role gets from its driver: the protocol context (its storage is what the
 * manager may read and reclaim), one-way messages to hosts, and the recovery phases' calls.
 */
public record ManagerEnv(ProtocolContext ctx, ToHosts hosts, HostCalls calls) {}
