package org.vmqsc.core.role;

import org.vmqsc.core.spi.ProtocolContext;

/** What a host role gets from its driver: its host id, the protocol context and the manager. */
public record HostEnv(int host, ProtocolContext ctx, ToManager manager) {}
