package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiTestSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * AUTH-5: the per-address limits count the client's real address. X-Forwarded-For is believed only
 * from a listed proxy (here 127.0.0.1 and a CDN hop), and then only its rightmost hop that is not
 * itself a listed proxy; any other peer (here 127.0.0.2) is counted as itself. Tomcat's own
 * forwarded-header handling, which trusts every private address, stays off even when asked for.
 */
@TestPropertySource(
    properties = {
      "server.forward-headers-strategy=native",
      "pawkeep.http.trusted-proxies=127.0.0.1/32,127.0.0.3/32,203.0.113.0/24,2001:db8:cd::/48",
      "pawkeep.rate-limits.registration-per-address.capacity=3",
      "pawkeep.rate-limits.registration-per-address.period=1h"
    })
class ClientAddressTests extends ApiTestSupport {

  private static final InetAddress PROXY = address("127.0.0.1");
  private static final InetAddress STRANGER = address("127.0.0.2");
  // A proxy whose own bucket no other test class fills: other classes register from 127.0.0.1
  // under clocks of their own, which can leave that bucket empty for this class's clock.
  private static final InetAddress OWN_PROXY = address("127.0.0.3");

  @AfterEach
  void refillTheBuckets() {
    clock.advance(Duration.ofHours(2));
  }

  @Test
  void rotatingForwardedForFromAnUntrustedPeerDoesNotEscapeThePerAddressLimit() {
    for (int i = 0; i < 3; i++) {
      assertThat(register(STRANGER, "X-Forwarded-For", randomV4())).isEqualTo(202);
    }
    assertThat(register(STRANGER, "X-Forwarded-For", randomV4())).isEqualTo(429);
  }

  @Test
  void aTrustedProxyIsBelievedForTheRightmostHopItDoesNotTrust() {
    String client = randomV4();
    for (int i = 0; i < 3; i++) {
      // The leftmost hops are the client's own to write; only the rightmost untrusted one counts.
      assertThat(register(PROXY, "X-Forwarded-For", randomV4() + ", " + client + ", 203.0.113.9"))
          .isEqualTo(202);
    }
    assertThat(register(PROXY, "X-Forwarded-For", randomV4() + ", " + client)).isEqualTo(429);
    // Another client behind the same proxies has a bucket of its own.
    assertThat(register(PROXY, "X-Forwarded-For", randomV4() + ", 203.0.113.9")).isEqualTo(202);
    assertThat(
            register(
                PROXY, "X-Forwarded-For", "2001:db8:1::" + Integer.toHexString(random(0xffff))))
        .isEqualTo(202);
  }

  @Test
  void rotatingThroughOneIpv6Slash64DoesNotEscapeThePerAddressLimit() {
    String network = "2001:db8:77:" + Integer.toHexString(random(0xffff)) + "::";
    for (int i = 1; i <= 3; i++) {
      assertThat(register(PROXY, "X-Forwarded-For", network + Integer.toHexString(random(0xffff))))
          .isEqualTo(202);
    }
    assertThat(register(PROXY, "X-Forwarded-For", network + "abcd:1")).isEqualTo(429);
  }

  @Test
  void aMalformedForwardedForCountsAsTheProxyItself() {
    for (int i = 0; i < 3; i++) {
      assertThat(register(OWN_PROXY, "X-Forwarded-For", "client-" + i + ".example")).isEqualTo(202);
    }
    assertThat(register(OWN_PROXY, "X-Forwarded-For", randomV4() + ", not an address"))
        .isEqualTo(429);
  }

  @Test
  void forwardedProtoMakesAnAnswerStrictTransportOnlyFromATrustedProxy() throws Exception {
    assertThat(
            get(STRANGER, "/actuator/health", "X-Forwarded-Proto", "https")
                .headers()
                .firstValue("Strict-Transport-Security"))
        .isEmpty();
    assertThat(
            get(PROXY, "/actuator/health", "X-Forwarded-Proto", "https")
                .headers()
                .firstValue("Strict-Transport-Security"))
        .contains("max-age=31536000 ; includeSubDomains");
  }

  private int register(InetAddress from, String header, String value) {
    String body =
        "{\"email\":\""
            + uniqueEmail("forwarded")
            + "\",\"password\":\""
            + PASSWORD
            + "\",\"displayName\":\"Forwarded Test\"}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/register"))
            .header("Content-Type", "application/json")
            .header(header, value)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return send(from, request).statusCode();
  }

  private HttpResponse<String> get(InetAddress from, String path, String header, String value) {
    return send(
        from,
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header(header, value)
            .build());
  }

  private static HttpResponse<String> send(InetAddress from, HttpRequest request) {
    try (HttpClient client = HttpClient.newBuilder().localAddress(from).build()) {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String randomV4() {
    return "198.18." + random(255) + "." + random(255);
  }

  private static int random(int bound) {
    return ThreadLocalRandom.current().nextInt(1, bound);
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
