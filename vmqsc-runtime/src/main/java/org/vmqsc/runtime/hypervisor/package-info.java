/**
 * The hypervisor process: the core {@code Hypervisor} on one event loop, driven by wall-clock
 * ticks, Poisson guest timers, peer links, stable-storage completions and the manager's session;
 * serves the recovery phases (R9) and admin calls.
 */
package org.vmqsc.runtime.hypervisor;
