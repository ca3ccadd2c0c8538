package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * HARD-6: {@code /.well-known/security.txt} (RFC 9116) and the disclosure page, open to strangers
 * and built from the same settings.
 */
class DisclosureTests extends ApiTestSupport {

  private static final List<String> ONCE =
      List.of("Expires", "Preferred-Languages", "Canonical", "Policy");

  @Test
  void securityTxtIsPlainTextWithEveryFieldOfRfc9116ForAStranger() {
    ApiClient.Response answer = api.get("/.well-known/security.txt", null);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).isEqualToIgnoringCase("text/plain;charset=utf-8");
    Map<String, List<String>> fields = fields(answer.raw());
    assertThat(fields.get("Contact")).containsExactly("mailto:security@pawkeep.localhost");
    ONCE.forEach(name -> assertThat(fields.get(name)).as(name).hasSize(1));
    assertThat(fields.get("Preferred-Languages")).containsExactly("en");
    assertThat(fields.get("Canonical"))
        .containsExactly("http://localhost:8080/.well-known/security.txt");
    assertThat(fields.get("Policy")).containsExactly("http://localhost:8080/security");
    assertThat(Instant.parse(fields.get("Expires").getFirst()))
        .isEqualTo(clock.instant().plus(Duration.ofDays(90)).truncatedTo(ChronoUnit.SECONDS));
  }

  @Test
  void expiresIsCountedFromEachAnswerSoTheFileNeverGoesStale() {
    Instant now = clock.instant();
    try {
      clock.advance(Duration.ofDays(400));
      String expires =
          fields(api.get("/.well-known/security.txt", null).raw()).get("Expires").getFirst();
      assertThat(Instant.parse(expires))
          .isAfter(clock.instant())
          .isAfter(now.plus(400, ChronoUnit.DAYS));
    } finally {
      clock.set(now);
    }
  }

  @Test
  void theDisclosurePageShowsTheSameContactToAStranger() {
    ApiClient.Response page = api.get("/security", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.raw())
        .contains("href=\"mailto:security@pawkeep.localhost\"")
        .contains(">security@pawkeep.localhost<")
        .contains("href=\"/.well-known/security.txt\"");
  }

  @Test
  void configuredSettingsAreWhatTheFileSaysInTheirOrder() {
    DisclosureProperties settings =
        new DisclosureProperties(
            List.of(
                URI.create("mailto:security@pawkeep.example"),
                URI.create("https://pawkeep.example/report")),
            Duration.ofDays(30),
            List.of("en", "de"),
            null,
            null,
            URI.create("https://pawkeep.example/pgp-key.txt"),
            URI.create("https://pawkeep.example/thanks"),
            Duration.ofDays(3));
    Clock fixed = Clock.fixed(Instant.parse("2026-12-01T12:34:56.789Z"), ZoneOffset.UTC);
    assertThat(new Disclosure(settings, "https://pawkeep.example/", fixed).securityTxt())
        .isEqualTo(
            """
            # Pawkeep: how to report a security vulnerability (RFC 9116).
            Contact: mailto:security@pawkeep.example
            Contact: https://pawkeep.example/report
            Expires: 2026-12-31T12:34:56Z
            Encryption: https://pawkeep.example/pgp-key.txt
            Acknowledgments: https://pawkeep.example/thanks
            Preferred-Languages: en, de
            Canonical: https://pawkeep.example/.well-known/security.txt
            Policy: https://pawkeep.example/security
            """);
  }

  @Test
  void aContactThatIsNoMailWebOrPhoneAddressAndAnExpiryBeyondAYearAreRefused() {
    assertThatThrownBy(() -> settings(URI.create("javascript:alert(1)"), Duration.ofDays(90)))
        .hasMessageContaining("mailto:, https: or tel:");
    assertThatThrownBy(
            () -> settings(URI.create("http://pawkeep.example/report"), Duration.ofDays(90)))
        .hasMessageContaining("mailto:, https: or tel:");
    assertThatThrownBy(
            () -> settings(URI.create("mailto:security@pawkeep.example"), Duration.ofDays(400)))
        .hasMessageContaining("at most a year");
  }

  private static DisclosureProperties settings(URI contact, Duration expiresIn) {
    return new DisclosureProperties(
        List.of(contact), expiresIn, List.of("en"), null, null, null, null, Duration.ofDays(5));
  }

  /** The file's fields by name, each with its values in order; comments left out. */
  private static Map<String, List<String>> fields(String text) {
    return Arrays.stream(text.split("\n"))
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split(": ", 2))
        .collect(
            Collectors.groupingBy(
                pair -> pair[0], Collectors.mapping(pair -> pair[1], Collectors.toList())));
  }
}
