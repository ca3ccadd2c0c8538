package io.pawkeep.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * HARD-6: what {@code /.well-known/security.txt} (RFC 9116) and the disclosure page {@code
 * /security} say. {@code contact} is required in production (mailto:, https: or tel: URIs); {@code
 * policy} and {@code canonical} default to the public address ({@code pawkeep.mail.base-url}); each
 * answer expires {@code expiresIn} [90 days] after it is sent, so the file never goes stale.
 */
@ConfigurationProperties("pawkeep.disclosure")
record DisclosureProperties(
    @DefaultValue List<URI> contact,
    @DefaultValue("90d") Duration expiresIn,
    @DefaultValue("en") List<String> preferredLanguages,
    URI policy,
    URI canonical,
    URI encryption,
    URI acknowledgments,
    @DefaultValue("5d") Duration acknowledgeWithin) {

  DisclosureProperties {
    contact = List.copyOf(contact);
    preferredLanguages = List.copyOf(preferredLanguages);
    for (URI uri : contact) {
      if (!List.of("mailto", "https", "tel").contains(uri.getScheme())) {
        throw new IllegalArgumentException(
            "pawkeep.disclosure.contact takes mailto:, https: or tel: addresses only");
      }
    }
    // RFC 9116 2.5.5: a file meant to be kept is one that is wrong within the year.
    if (expiresIn.isNegative()
        || expiresIn.isZero()
        || expiresIn.compareTo(Duration.ofDays(366)) > 0) {
      throw new IllegalArgumentException(
          "pawkeep.disclosure.expires-in must be more than zero and at most a year");
    }
  }
}
