/**
 * The wire between the runtime's processes (protocol in {@code src/main/proto/vmqsc.proto}).
 *
 * <ul>
 *   <li>{@link org.vmqsc.runtime.transport.PeerLinks}: the core's
 *       {@link org.vmqsc.core.spi.Transport} on a host, one gRPC stream to each peer host;
 *       {@code send} never blocks, {@code writable(host)} and a callback back-pressure the
 *       hypervisor, which pauses its guests' timers.
 *   <li>{@link org.vmqsc.runtime.transport.PeerRelayServer}: receives the peers' streams,
 *       validates every message ({@link org.vmqsc.runtime.transport.RelayRules}) and hands it,
 *       once and in link order, to the hypervisor's event loop.
 *   <li>{@link org.vmqsc.runtime.transport.Endpoints}: the gRPC settings every server and
 *       channel of a cluster shares (cluster secret, directExecutor, 64 KiB frames, keepalive).
 *   <li>{@link org.vmqsc.runtime.transport.Wire}: core records to and from their wire form.
 *   <li>{@link org.vmqsc.runtime.transport.AckParts} and
 *       {@link org.vmqsc.runtime.transport.AckReassembly}: a report's or announcement's acks,
 *       too many for one frame, sent ahead in parts and put together whole, within a bound.
 * </ul>
 *
 * {@code RelayBench} in vmqsc-bench measures throughput and latency on loopback.
 *
 * <p>Flow control end to end: a guest sends only while its link is writable (capacity counted
 * in messages not yet acknowledged by the receiver's consumer); the writer writes only while
 * gRPC's stream is ready; the receiver requests frames only as its consumer takes them. Every
 * buffer on the way is bounded, and a slow hypervisor slows the guests that send to it.
 */
package org.vmqsc.runtime.transport;
