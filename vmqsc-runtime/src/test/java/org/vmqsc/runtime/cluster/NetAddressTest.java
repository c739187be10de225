package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a config may give as an address, by syntax alone (nothing is looked up). */
class NetAddressTest {
  @Test
  void addressesAndNamesPass() {
    for (String ok : new String[] {"10.77.0.20", "127.0.0.1", "255.255.255.255", "[::1]",
        "[fe80::1]", "[::ffff:10.0.0.1]", "localhost", "host-1.example.org", "h1"}) {
      assertThat(NetAddress.problemToDial(ok)).as(ok).isNull();
    }
  }

  @Test
  void mistypedOnesAreNamed() {
    for (String bad : new String[] {"", "10.77.0.256", "10.77.0", "1.2.3.4.5", "10..0.1",
        "::1", "[::1", "host:7000", "a b", "-h", "h-", "h_1", "h.", "a..b", "[g::1]"}) {
      assertThat(NetAddress.problemToDial(bad)).as(bad).isNotNull();
    }
  }

  @Test
  void aWildcardIsWhereOneListensNotWhereOneIsDialled() {
    assertThat(NetAddress.problem("0.0.0.0")).isNull();
    assertThat(NetAddress.problem("[::]")).isNull();
    assertThat(NetAddress.problemToDial("0.0.0.0")).contains("wildcard");
    assertThat(NetAddress.problemToDial("[::]")).contains("wildcard");
  }
}
