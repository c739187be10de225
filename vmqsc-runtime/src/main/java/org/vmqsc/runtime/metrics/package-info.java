/**
 * What a running process tells its operator (docs/operations.md): Micrometer meters in
 * Prometheus's text format on {@code /metrics}, and {@code /healthz}, served over HTTP by
 * {@link org.vmqsc.runtime.metrics.MetricsEndpoint}. The meters are fed where the runtime already
 * learns the facts (the protocol's listener, the storage writer, the manager's loop); nothing
 * here decides anything, and vmqsc-core knows nothing of it.
 */
package org.vmqsc.runtime.metrics;
