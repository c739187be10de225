package org.vmqsc.core.check;

/** One broken property (SPEC §4: "P1".."P6") and what broke it, in words a reader can act on. */
public record Finding(String property, String detail) {}
