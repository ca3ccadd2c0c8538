package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AUTH-5, HARD-1: which address and scheme a request is counted under. */
class TrustedProxiesTests {

  private final TrustedProxies proxies =
      new TrustedProxies(List.of("10.0.0.0/8", "203.0.113.7", "2001:db8:cd::/48"));

  @ParameterizedTest(name = "peer {0}, X-Forwarded-For ''{1}'' counts as {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          198.51.100.1     | 192.0.2.1                          | 198.51.100.1
          10.1.2.3         |                                    | 10.1.2.3
          10.1.2.3         | 192.0.2.1                          | 192.0.2.1
          10.1.2.3         | 192.0.2.66, 192.0.2.1              | 192.0.2.1
          10.1.2.3         | 192.0.2.1, 203.0.113.7, 10.9.9.9   | 192.0.2.1
          10.1.2.3         | 10.7.7.7, 203.0.113.7              | 10.7.7.7
          10.1.2.3         | 192.0.2.1:51234                    | 192.0.2.1
          10.1.2.3         | [2001:DB8:0:1::5]:443              | 2001:db8:0:1:0:0:0:5
          2001:db8:cd::1  | 2001:db8:1::5                      | 2001:db8:1:0:0:0:0:5
          10.1.2.3         | unknown                            | 10.1.2.3
          10.1.2.3         | evil.example, 192.0.2.1            | 192.0.2.1
          10.1.2.3         | unknown, 192.0.2.1, 203.0.113.7    | 192.0.2.1
          10.1.2.3         | 192.0.2.1, unknown, 203.0.113.7    | 10.1.2.3
          10.1.2.3         | 192.0.2.1,,                        | 10.1.2.3
          10.1.2.3         | 300.1.1.1                          | 10.1.2.3
          10.1.2.3         | 192.0.2.1 192.0.2.2                | 10.1.2.3
          """)
  void theClientIsTheRightmostHopNoTrustedProxyAddedOrElseThePeer(
      String peer, String forwardedFor, String client) {
    List<String> header = forwardedFor == null ? List.of() : List.of(forwardedFor);
    assertThat(proxies.clientAddress(peer, header)).isEqualTo(client);
  }

  @Test
  void junkLeftOfTheClientNeitherHidesItNorCountsWhateverItsLength() {
    String junk = "unknown, ".repeat(100);
    assertThat(proxies.clientAddress("10.0.0.1", List.of(junk + "192.0.2.1")))
        .isEqualTo("192.0.2.1");
    String manyProxies = "10.0.0.9, ".repeat(40);
    assertThat(proxies.clientAddress("10.0.0.1", List.of("192.0.2.1, " + manyProxies + "10.0.0.8")))
        .isEqualTo("10.0.0.1");
  }

  @Test
  void severalForwardedForHeadersReadAsOneList() {
    assertThat(proxies.clientAddress("10.0.0.1", List.of("192.0.2.66", "192.0.2.1, 10.0.0.9")))
        .isEqualTo("192.0.2.1");
  }

  @Test
  void onlyATrustedProxySaysTheClientCameOverTls() {
    assertThat(proxies.forwardedOverTls("10.0.0.1", List.of("https"))).isTrue();
    assertThat(proxies.forwardedOverTls("198.51.100.1", List.of("https"))).isFalse();
    assertThat(proxies.forwardedOverTls("10.0.0.1", List.of("http"))).isFalse();
    assertThat(proxies.forwardedOverTls("10.0.0.1", List.of("https", "http"))).isFalse();
  }

  @Test
  void noProxyIsTrustedUnlessListed() {
    TrustedProxies none = new TrustedProxies(List.of("", " "));
    assertThat(none.isEmpty()).isTrue();
    assertThat(none.clientAddress("127.0.0.1", List.of("192.0.2.1"))).isEqualTo("127.0.0.1");
  }

  @Test
  void aHostNameIsRefusedAsATrustedProxy() {
    assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.internal")))
        .hasMessageContaining("PAWKEEP_TRUSTED_PROXIES");
  }
}
