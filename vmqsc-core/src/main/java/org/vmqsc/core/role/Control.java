package org.vmqsc.core.role;

/**
 * A control message between a host role and the manager role: an immutable value, never a shared
 * object. Each protocol declares its own as a sealed family (the reports and announcements of D2
 * are shared by the protocols that relay acknowledgements through the manager: {@link Report},
 * {@link Announcement}); a driver carries them without looking inside, except to put them on a
 * wire.
 */
public interface Control {}
