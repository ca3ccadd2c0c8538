package io.pawkeep.security;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * HARD-6: the disclosure settings resolved against the public address, as {@code security.txt}
 * lines (RFC 9116) and as what the disclosure page shows. Without a configured contact (never in
 * production, see {@link ProductionReadiness}) a {@code .localhost} address stands in, which no
 * mail ever reaches.
 */
final class Disclosure {

  static final URI PLACEHOLDER_CONTACT = URI.create("mailto:security@pawkeep.localhost");

  /** One way to reach the security team, as a link and as the text people read. */
  record Contact(String href, String label) {}

  private final List<URI> contacts;
  private final URI policy;
  private final URI canonical;
  private final DisclosureProperties settings;
  private final Clock clock;

  Disclosure(DisclosureProperties settings, String baseUrl, Clock clock) {
    String base = baseUrl.replaceAll("/+$", "");
    this.settings = settings;
    this.clock = clock;
    this.contacts =
        settings.contact().isEmpty() ? List.of(PLACEHOLDER_CONTACT) : settings.contact();
    this.policy = settings.policy() != null ? settings.policy() : URI.create(base + "/security");
    this.canonical =
        settings.canonical() != null
            ? settings.canonical()
            : URI.create(base + "/.well-known/security.txt");
  }

  /** The file, its expiry counted from now: every answer is current. */
  String securityTxt() {
    Instant expires = clock.instant().plus(settings.expiresIn()).truncatedTo(ChronoUnit.SECONDS);
    List<String> lines = new ArrayList<>();
    lines.add("# Pawkeep: how to report a security vulnerability (RFC 9116).");
    contacts.forEach(contact -> lines.add("Contact: " + contact));
    lines.add("Expires: " + DateTimeFormatter.ISO_INSTANT.format(expires));
    if (settings.encryption() != null) {
      lines.add("Encryption: " + settings.encryption());
    }
    if (settings.acknowledgments() != null) {
      lines.add("Acknowledgments: " + settings.acknowledgments());
    }
    lines.add("Preferred-Languages: " + String.join(", ", settings.preferredLanguages()));
    lines.add("Canonical: " + canonical);
    lines.add("Policy: " + policy);
    return String.join("\n", lines) + "\n";
  }

  /** What the disclosure page shows. */
  Page page() {
    List<Contact> shown =
        contacts.stream()
            .map(
                uri ->
                    new Contact(
                        uri.toString(),
                        "mailto".equals(uri.getScheme()) || "tel".equals(uri.getScheme())
                            ? uri.getSchemeSpecificPart()
                            : uri.toString()))
            .toList();
    return new Page(
        shown,
        settings.encryption() == null ? null : settings.encryption().toString(),
        settings.acknowledgments() == null ? null : settings.acknowledgments().toString(),
        String.join(", ", settings.preferredLanguages()),
        Math.max(1, settings.acknowledgeWithin().toDays()));
  }

  /** The page's model: plain values, links already checked by {@link DisclosureProperties}. */
  record Page(
      List<Contact> contacts,
      String encryption,
      String acknowledgments,
      String preferredLanguages,
      long acknowledgeWithinDays) {}
}
