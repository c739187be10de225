/**
 * Benchmark mains for the real runtime (issue 4's speed items): relay throughput with VM_QSC
 * against the raw transport and pessimistic logging, message latency during lazy checkpoint
 * writes, VM and host recovery times ({@link org.vmqsc.bench.runtime.BenchCluster}: a manager and
 * hypervisors in one JVM, as InProcessClusterTest starts them), and the runtime's building blocks
 * alone ({@link org.vmqsc.bench.runtime.StorageBench}: the disk through FileStableStorage;
 * {@link org.vmqsc.bench.runtime.RelayBench}: the peer links on loopback). They are plain mains,
 * not JMH benchmarks, and none runs as a test. Results and commands are in BENCHMARKS.md.
 */
package org.vmqsc.bench.runtime;
