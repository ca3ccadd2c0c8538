package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** AUTH-5: what the per-address limits and lockouts count a client as. */
class ClientInfoTests {

  @Test
  void ipv6AddressesOfOneSlash64CountAsOneNetwork() {
    assertThat(network("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(network("2001:db8:1:2:bbbb:cccc:dddd:eeee")).isEqualTo(network("2001:db8:1:2::9"));
    assertThat(network("2001:db8:1:3::1")).isNotEqualTo(network("2001:db8:1:2::1"));
  }

  @Test
  void ipv4AddressesCountOneByOne() {
    assertThat(network("192.0.2.1")).isEqualTo("192.0.2.1");
    assertThat(network("192.0.2.2")).isNotEqualTo(network("192.0.2.1"));
    assertThat(network("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
  }

  private static String network(String address) {
    return new ClientInfo(address, null).network();
  }
}
