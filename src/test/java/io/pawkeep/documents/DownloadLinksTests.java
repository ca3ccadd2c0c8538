package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Signed download links (FILE-3): good for one document, one variant and one person for five
 * minutes; anything else verifies as nothing, which the download route answers like a missing file.
 */
class DownloadLinksTests {

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private final MutableClock clock = new MutableClock();
  private final byte[] key = random(32);
  private final DownloadLinks links = new DownloadLinks(key, Duration.ofMinutes(5), clock);
  private final UUID document = UUID.randomUUID();
  private final UUID person = UUID.randomUUID();

  @Test
  void aLinkOpensItsDocumentAndVariantForThePersonItWasIssuedTo() {
    clock.set(Instant.parse("2026-12-01T10:00:00.700Z"));
    DownloadLinks.Link link = links.issue(document, Variant.THUMBNAIL, person);

    assertThat(link.url()).startsWith("/api/v1/files/");
    assertThat(link.url().substring("/api/v1/files/".length())).matches("[A-Za-z0-9_-]+");
    assertThat(link.expiresAt()).isEqualTo(Instant.parse("2026-12-01T10:05:00Z"));
    assertThat(links.verify(token(link), person))
        .contains(new DownloadLinks.LinkClaim(document, Variant.THUMBNAIL));
    assertThat(links.verify(token(links.issue(document, Variant.FILE, person)), person))
        .contains(new DownloadLinks.LinkClaim(document, Variant.FILE));
  }

  @Test
  void aLinkPresentedByAnotherPersonIsRefused() {
    DownloadLinks.Link link = links.issue(document, Variant.FILE, person);

    assertThat(links.verify(token(link), UUID.randomUUID())).isEmpty();
    assertThat(links.verify(token(link), null)).isEmpty();
  }

  @Test
  void aLinkIsRefusedOnceItsFiveMinutesArePast() {
    clock.set(Instant.parse("2026-12-01T10:00:00Z"));
    DownloadLinks.Link link = links.issue(document, Variant.FILE, person);

    clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(links.verify(token(link), person)).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(links.verify(token(link), person)).isEmpty();
    clock.advance(Duration.ofDays(1));
    assertThat(links.verify(token(link), person)).isEmpty();
  }

  @Test
  void aLinkWithAnyCharacterChangedIsRefused() {
    String token = token(links.issue(document, Variant.FILE, person));

    for (int i = 0; i < token.length(); i++) {
      for (int c = 0; c < ALPHABET.length(); c++) {
        char replacement = ALPHABET.charAt(c);
        if (replacement == token.charAt(i)) {
          continue;
        }
        String changed = token.substring(0, i) + replacement + token.substring(i + 1);
        assertThat(links.verify(changed, person))
            .as("character %d as %s", i, replacement)
            .isEmpty();
      }
    }
    assertThat(links.verify(token.substring(1), person)).isEmpty();
    assertThat(links.verify(token.substring(0, token.length() - 1), person)).isEmpty();
    assertThat(links.verify(token + "A", person)).isEmpty();
    assertThat(links.verify(token + "=", person)).isEmpty();
    if (token.contains("-") || token.contains("_")) {
      assertThat(links.verify(token.replace('-', '+').replace('_', '/'), person)).isEmpty();
    }
    assertThat(links.verify("", person)).isEmpty();
    assertThat(links.verify("not a token!", person)).isEmpty();
    assertThat(links.verify(null, person)).isEmpty();
  }

  @Test
  void aLinkSignedWithAnotherKeyOrMadeUpIsRefused() {
    DownloadLinks forged = new DownloadLinks(random(32), Duration.ofMinutes(5), clock);
    assertThat(links.verify(token(forged.issue(document, Variant.FILE, person)), person)).isEmpty();
    // The same claims with an all-zero signature.
    String token = token(links.issue(document, Variant.FILE, person));
    byte[] bytes = java.util.Base64.getUrlDecoder().decode(token);
    java.util.Arrays.fill(bytes, bytes.length - 32, bytes.length, (byte) 0);
    String zeroed = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    assertThat(links.verify(zeroed, person)).isEmpty();
  }

  private static String token(DownloadLinks.Link link) {
    return link.url().substring(DownloadLinks.PATH.length());
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
