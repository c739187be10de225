package org.vmqsc.core.role;

import org.vmqsc.core.guest.Guest;

/**
 * One VM as its host role holds it, the same for every protocol: whether it is up, its index
 * (last checkpoint or round crossed; 0 for a protocol without), its incarnation, the line it can
 * be recovered to ({@code usable}, -1 for a protocol without lines) and its live guest.
 */
public record VmLook(boolean up, int index, int incarnation, int usable, Guest guest) {}
