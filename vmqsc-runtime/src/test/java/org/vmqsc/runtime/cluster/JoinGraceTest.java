package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.manager.ManagerNode;
import org.vmqsc.runtime.manager.ManagerProbe;
import org.vmqsc.runtime.time.ManualClock;

/**
 * A host that has joined opens its session next; on a cold JVM on a loaded machine that took
 * seconds, and the manager declared hosts failed while they were still starting (then fenced
 * them). A join earns one more heartbeat timeout before silence counts; after that, a host that
 * never opens its session is declared failed as usual. Time moves by hand.
 */
class JoinGraceTest {
  @TempDir Path dir;

  @Test
  void aJoinedHostHasOneMoreTimeoutToOpenItsSessionAndNoMore() throws Exception {
    ClusterSpec spec = Fig2Cluster.fig2(dir);
    long timeout = spec.heartbeatTimeoutMillis();
    ManualClock clock = new ManualClock(HandTime.START_MILLIS);
    ManagerNode m = new ManagerNode(spec, ClusterSecret.load(spec.secretFile()), clock).start();
    try {
      ManagerProbe.join(m, 1);

      clock.advance(Duration.ofMillis(2 * timeout)); // no session, no heartbeat all along
      assertThat(ManagerProbe.alive(m, 1)).as("silent for two timeouts since its join").isTrue();

      clock.advance(Duration.ofMillis(timeout));
      assertThat(ManagerProbe.alive(m, 1)).as("silent for three").isFalse();
    } finally {
      m.close();
    }
  }
}
