package org.vmqsc.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmqsc.runtime.auth.ClusterSecret;

/** The relay server, like every cluster server, refuses streams without the cluster secret. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SecretOnRelayTest {
  @Test
  void relayStreamsWithoutOrWithAWrongSecretAreUnauthenticated() throws Exception {
    try (Hosts hosts = new Hosts(3, 2, 16, m -> {});
        RawRelayClient none = new RawRelayClient(hosts.servers[1].port(), null);
        RawRelayClient wrong = new RawRelayClient(hosts.servers[1].port(),
            ClusterSecret.generate(new SecureRandom()))) {
      none.hello(2, 1).batch(1, RawRelayClient.vm(8, 4, 1));
      wrong.hello(2, 1).batch(1, RawRelayClient.vm(8, 4, 1));
      assertThat(none.awaitEnd().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(wrong.awaitEnd().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(hosts.received(1)).isEmpty();

      hosts.links[0].send(1, Hosts.msg(0, 4, 1)); // the cluster's own links still get through
      Hosts.await(() -> hosts.receivedCount(1) == 1, java.time.Duration.ofSeconds(10), "delivery");
    }
  }
}
