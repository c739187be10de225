/**
 * Benchmark mains for the real runtime (issue 4's speed items): relay throughput with VM_QSC
 * against the raw transport, message latency during lazy checkpoint writes, and VM and host
 * recovery times. They start a manager and hypervisors in one JVM as InProcessClusterTest does;
 * none runs as a test. Results and commands are in BENCHMARKS.md.
 */
package org.vmqsc.runtime.bench;
