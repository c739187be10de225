package org.vmqsc.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stranger's flood of refused calls costs one line per 10 s, and the next line counts it. */
class PeerLogTest {
  private long now;
  private final List<String> lines = new ArrayList<>();
  private final PeerLog log = new PeerLog(() -> now, lines::add);

  @Test
  void oneLinePerPeerPerWindowThenTheCountOfWhatWasLeftOut() {
    for (int i = 0; i < 300; i++) { // a new port per connection: still one peer
      log.warn(new InetSocketAddress("10.0.0.7", 40_000 + i), "refused x from 10.0.0.7");
      now += 3_000_000; // 300 calls in 0.9 s
    }
    assertThat(lines).containsExactly("refused x from 10.0.0.7");

    now += PeerLog.WINDOW_NANOS;
    log.warn(new InetSocketAddress("10.0.0.7", 1), "refused y from 10.0.0.7");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).isEqualTo("refused y from 10.0.0.7 (299 more from 10.0.0.7 not "
        + "logged)");
  }

  @Test
  void anotherPeerIsSaidAtOnce() {
    log.warn(new InetSocketAddress("10.0.0.7", 1), "a");
    log.warn(new InetSocketAddress("10.0.0.8", 1), "b");
    log.warn(new InetSocketAddress("10.0.0.7", 2), "c");
    assertThat(lines).containsExactly("a", "b");
  }
}
