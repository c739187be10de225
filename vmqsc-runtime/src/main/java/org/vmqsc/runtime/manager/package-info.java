/**
 * The manager process: the core {@code Manager} (R4, D2) and {@code HostRecovery} (R9, D7) on one
 * event loop, host liveness, and the manager's durable state.
 */
package org.vmqsc.runtime.manager;
