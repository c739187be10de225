#!/usr/bin/env bash
# The runtime's points of the scaling curves (issue 14): relay throughput and host-recovery time
# at 64, 256 and 1,000 VMs, one run per size, each appended to docs/scaling/runtime.csv with the
# load before it. Run from the repository root after
#   mvn -o -q package -DskipTests -pl vmqsc-bench -am
# JAR=... picks another copy of benchmarks.jar (default: vmqsc-bench/target/benchmarks.jar).
set -euo pipefail
JAR=${JAR:-vmqsc-bench/target/benchmarks.jar}
CSV=${CSV:-docs/scaling/runtime.csv}
B=org.vmqsc.bench.runtime
run() {
  echo "== $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg) :: $*"
  timeout 900 java -Xmx1g -cp "$JAR" "$@" --csv "$CSV" 2>&1 | grep -E '^(relay|recovery|durable|RESULT|  of which|vmqsc  )|timed out|Exception in' || true
}
# Relay throughput, protocol vmqsc only: the offered load held at ~20,000 msgs/s over the cluster.
run $B.RelayOverheadBench 32 312 5 3 2 1000 1 vmqsc
run $B.RelayOverheadBench 128 78 5 3 2 1000 1 vmqsc
run $B.RelayOverheadBench 500 20 5 3 2 1000 1 vmqsc
# Host recovery: 3 VM failures, then host 1 crashed 3 times; heartbeat timeout 10 s, waits 120 s.
for t0 in 5000 1000; do
  for vms in 64 256 1000; do
    run $B.RecoveryTimeBench 3 3 $t0 4 1 $vms --heartbeat-ms 10000 --wait-s 120
  done
done
