package io.pawkeep.privacy;

import io.pawkeep.web.ApiProblem;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a breach report covers (PRIV-4): a window [from, to) and optionally who acted, which account
 * was concerned (acting, or acted upon), and the client address the trail recorded.
 */
record BreachCriteria(Instant from, Instant to, UUID actor, UUID account, String address) {

  private static final Pattern IPV4 =
      Pattern.compile(
          "^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
  private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");

  /** Parses the parameters as given; a client's mistake is a 400 problem naming the parameter. */
  static BreachCriteria parse(
      String from, String to, String actor, String account, String address, Duration maxWindow) {
    Instant start = instant("from", from);
    Instant end = instant("to", to);
    if (!start.isBefore(end)) {
      throw ApiProblem.badRequest("Parameter 'from' must be before 'to'.");
    }
    if (Duration.between(start, end).compareTo(maxWindow) > 0) {
      throw ApiProblem.badRequest(
          "The window may cover at most " + maxWindow.toDays() + " days; report in parts.");
    }
    return new BreachCriteria(
        start, end, uuid("actor", actor), uuid("account", account), address(address));
  }

  private static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      throw ApiProblem.badRequest(
          "Parameter '" + name + "' is required (e.g. 2026-11-30T00:00:00Z).");
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest(
          "Parameter '" + name + "' must be a UTC time such as 2026-11-30T00:00:00Z.");
    }
  }

  private static UUID uuid(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(value.strip());
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("Parameter '" + name + "' must be an id.");
    }
  }

  /**
   * An IPv4 or IPv6 literal; IPv6 in Java's full form, the form the servlet container reports and
   * the trail records. Never looked up in DNS.
   */
  static String address(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (IPV4.matcher(v).matches()) {
      return v;
    }
    if (v.indexOf(':') >= 0 && IPV6_CHARS.matcher(v).matches()) {
      try {
        // A colon makes it an IPv6 literal: parsed, never resolved.
        InetAddress parsed = InetAddress.getByName(v);
        if (parsed instanceof Inet6Address) {
          return parsed.getHostAddress();
        }
      } catch (UnknownHostException e) {
        // falls through to the refusal
      }
    }
    throw ApiProblem.badRequest("Parameter 'address' must be an IPv4 or IPv6 address.");
  }
}
