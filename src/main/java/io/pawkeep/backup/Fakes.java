package io.pawkeep.backup;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import net.datafaker.Faker;

/**
 * Realistic fake values for a masked database (PRIV-3), from Datafaker. Names, emails, businesses
 * and provider ids are consistent within one mask: the same original always gets the same fake, so
 * a person is the same fake person in every table. Emails are unique and at domains reserved for
 * examples (RFC 2606), so a development database never mails a real address.
 */
final class Fakes {

  private static final String[] DOMAINS = {"example.com", "example.org", "example.net"};
  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final Faker faker = new Faker(Locale.ENGLISH);
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Map<String, String>> consistent = new HashMap<>();
  private int emails;

  String value(MaskingRules.Kind kind, String original) {
    String fake =
        switch (kind) {
          case FULL_NAME -> same("name", original, () -> faker.name().fullName());
          case EMAIL -> same("email", original.toLowerCase(Locale.ROOT), this::email);
          case COMPANY -> same("company", original, () -> faker.company().name());
          case PROVIDER_ID -> same("provider", original, () -> providerId(original));
          case HOUSEHOLD -> faker.name().lastName() + " Home";
          case PET_NAME -> faker.dog().name();
          case TEXT -> faker.lorem().sentence(8);
          case LABEL -> faker.commerce().productName();
          case FILE_NAME -> fileName(original);
          case CONTACT ->
              "Dr. " + faker.name().lastName() + ", " + faker.phoneNumber().phoneNumber();
          case ADDRESS ->
              faker.name().fullName()
                  + "\n"
                  + faker.address().streetAddress()
                  + "\n"
                  + faker.address().zipCode()
                  + " "
                  + faker.address().city();
          case DIGITS -> digits(original.length());
          default -> throw new IllegalArgumentException("no fake for " + kind);
        };
    return fits(fake, original, kind);
  }

  /** A fake for a sealed column, as the text the application would have sealed. */
  String sealed(String table, String column) {
    return switch (table + "." + column) {
      case "access_secrets.alarm_code", "access_secrets.lockbox_code" -> digits(6);
      case "access_secrets.wifi_name" -> faker.internet().domainWord() + "-wifi";
      case "access_secrets.wifi_password" -> faker.internet().password(12, 20);
      case "access_secrets.key_location" -> "Under the " + faker.house().furniture();
      case "prescriptions.prescriber_dea" -> dea();
      default -> faker.lorem().sentence(10);
    };
  }

  byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private String email() {
    String local =
        (faker.name().firstName() + "." + faker.name().lastName())
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z.]", "");
    return local + "." + ++emails + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
  }

  private String providerId(String original) {
    int underscore = original.indexOf('_');
    String prefix = underscore > 0 && underscore < 8 ? original.substring(0, underscore + 1) : "";
    StringBuilder id = new StringBuilder(prefix);
    for (int i = prefix.length(); i < Math.max(original.length(), prefix.length() + 16); i++) {
      id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return id.toString();
  }

  private String fileName(String original) {
    int dot = original.lastIndexOf('.');
    String extension = dot > 0 && original.length() - dot <= 6 ? original.substring(dot) : ".pdf";
    return faker.lorem().word() + "-" + faker.lorem().word() + extension;
  }

  private String dea() {
    return (char) ('A' + random.nextInt(26)) + "" + (char) ('A' + random.nextInt(26)) + digits(7);
  }

  private String digits(int length) {
    StringBuilder digits = new StringBuilder();
    for (int i = 0; i < Math.max(length, 1); i++) {
      digits.append((char) ('0' + random.nextInt(10)));
    }
    return digits.toString();
  }

  private String same(String group, String original, java.util.function.Supplier<String> fake) {
    return consistent
        .computeIfAbsent(group, g -> new HashMap<>())
        .computeIfAbsent(original, o -> fake.get());
  }

  // The schema's length checks were met by the original, and every one allows at least 100.
  private static String fits(String fake, String original, MaskingRules.Kind kind) {
    if (kind == MaskingRules.Kind.EMAIL || kind == MaskingRules.Kind.PROVIDER_ID) {
      return fake;
    }
    int limit = Math.min(100, Math.max(original.length(), 24));
    return fake.length() <= limit ? fake : fake.substring(0, limit).strip();
  }
}
