package org.vmqsc.core.guest;

/** What a guest asks its hypervisor to send: the hypervisor stamps everything else. */
public record Send(int to, long payload, long amount) {}
