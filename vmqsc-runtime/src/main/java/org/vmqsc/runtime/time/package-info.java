/**
 * Time for the runtime's nodes: a {@link org.vmqsc.runtime.time.Clock} they read and whose
 * {@link org.vmqsc.runtime.time.Scheduler} sets their timers on their event loop. Production
 * runs on {@link org.vmqsc.runtime.time.Clock#system()}; tests pass a
 * {@link org.vmqsc.runtime.time.ManualClock} and move time by hand, so heartbeat timeouts, fencing,
 * the restarted manager's grace and {@code relocateAfter} are decided when the test says.
 */
package org.vmqsc.runtime.time;
