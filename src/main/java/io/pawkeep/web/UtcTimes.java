package io.pawkeep.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Times as pages show them ({@code ${@utcTimes.format(b.startsAt)}}), in the signed-in person's
 * time zone and said so, UTC when they chose none; and the value of a {@code datetime-local} field,
 * which stays UTC (the fields say so). The zone is read once per request, whatever number of times
 * the page shows. API answers never pass through here: they stay ISO instants in UTC.
 */
@Component("utcTimes")
public class UtcTimes {

  /** The signed-in person's chosen zone, if any; the accounts module answers it. */
  public interface PersonZone {
    Optional<ZoneId> zone();
  }

  private static final ZoneId UTC = ZoneId.of("UTC");

  private static final String REGIONS =
      "(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)";

  private static final String ZONE_OF_REQUEST = UtcTimes.class.getName() + ".zone";

  /** "Tue 1 Dec 2026, 10:00 CET" ("UTC" for people without a zone). */
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("EEE d MMM uuuu, HH:mm z", Locale.ENGLISH);

  private static final DateTimeFormatter FIELD =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The zones a person may choose: the region names of the IANA database, and UTC. */
  public static final List<String> ZONES =
      Stream.concat(
              Stream.of("UTC"),
              ZoneId.getAvailableZoneIds().stream()
                  .filter(z -> z.matches(REGIONS + "/[A-Za-z0-9_+/-]+"))
                  .sorted())
          .toList();

  private static final Set<String> KNOWN = Set.copyOf(ZONES);

  private final ObjectProvider<PersonZone> personZone;

  public UtcTimes(ObjectProvider<PersonZone> personZone) {
    this.personZone = personZone;
  }

  /** Whether {@code name} is one of {@link #ZONES}, exactly as written there. */
  public static boolean isZone(String name) {
    return name != null && KNOWN.contains(name);
  }

  /** The zone times are shown in for this request (UTC outside a request or for no choice). */
  public ZoneId zone() {
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request == null) {
      return UTC;
    }
    Object known = request.getAttribute(ZONE_OF_REQUEST, RequestAttributes.SCOPE_REQUEST);
    if (known instanceof ZoneId zone) {
      return zone;
    }
    PersonZone person = personZone.getIfAvailable();
    ZoneId zone = person == null ? UTC : person.zone().orElse(UTC);
    request.setAttribute(ZONE_OF_REQUEST, zone, RequestAttributes.SCOPE_REQUEST);
    return zone;
  }

  /** {@code formatter} in this request's zone (a pattern with {@code z} names the zone). */
  public DateTimeFormatter in(DateTimeFormatter formatter) {
    return formatter.withZone(zone());
  }

  /** "Tue 1 Dec 2026, 10:00 CET"; empty for no time. */
  public String format(Instant instant) {
    return instant == null ? "" : in(SHOWN).format(instant);
  }

  /** The value of a {@code datetime-local} field, in UTC; empty for no time. */
  public String field(Instant instant) {
    return instant == null ? "" : FIELD.format(instant);
  }

  /**
   * A {@code datetime-local} field's value read as UTC, or {@code null} when it is blank or not a
   * time (the page then shows its error beside the field).
   */
  public static Instant parseField(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return java.time.LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
