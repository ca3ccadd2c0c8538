package io.pawkeep.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The reverse proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} Pawkeep believes,
 * listed by CIDR and never guessed (AUTH-5, HARD-1). A header from any other peer is the client's
 * own writing and is ignored.
 */
final class TrustedProxies {

  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern IPV4_WITH_PORT = Pattern.compile("([0-9.]+):\\d{1,5}");
  private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)](:\\d{1,5})?");
  private static final int MAX_HOPS = 32;

  private final List<IpAddressMatcher> networks;

  TrustedProxies(List<String> cidrs) {
    if (cidrs == null) {
      throw new IllegalArgumentException("cidrs cannot be null");
    }
    List<IpAddressMatcher> parsed = new ArrayList<>();
    for (String cidr : cidrs) {
      String trimmed = cidr == null ? "" : cidr.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] parts = trimmed.split("/", 2);
      if (literal(parts[0]).isEmpty() || (parts.length == 2 && !parts[1].matches("\\d{1,3}"))) {
        throw new IllegalArgumentException(
            "PAWKEEP_TRUSTED_PROXIES takes IPv4 or IPv6 addresses or CIDR ranges only");
      }
      parsed.add(new IpAddressMatcher(trimmed));
    }
    this.networks = List.copyOf(parsed);
  }

  boolean isEmpty() {
    return networks.isEmpty();
  }

  boolean trusts(String address) {
    if (networks.isEmpty()) {
      // No proxy is trusted: nothing to parse (every request asks, twice).
      return false;
    }
    return literal(address).map(a -> networks.stream().anyMatch(n -> n.matches(a))).orElse(false);
  }

  /**
   * The client's address: the peer itself unless it is a trusted proxy; then, reading {@code
   * X-Forwarded-For} from the right, the first hop that is not a trusted proxy (the leftmost if all
   * are). Hops left of it are the client's own to write and never read, so no client can hide
   * itself behind the proxy's address by adding junk; a hop that is not an address before any
   * untrusted one was found (or more than {@value #MAX_HOPS} trusted hops) counts as absent header,
   * and the proxy is counted as the client.
   */
  String clientAddress(String peer, List<String> forwardedFor) {
    if (!trusts(peer) || forwardedFor.isEmpty()) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      hops.addAll(List.of(header.split(",", -1)));
    }
    String client = peer;
    for (int i = hops.size() - 1, read = 0; i >= 0; i--, read++) {
      Optional<String> address = literal(withoutPort(hops.get(i).strip()));
      if (address.isEmpty() || read == MAX_HOPS) {
        return peer;
      }
      client = address.get();
      if (!trusts(client)) {
        return client;
      }
    }
    return client;
  }

  /** Whether a trusted proxy says the client reached it over TLS. */
  boolean forwardedOverTls(String peer, List<String> forwardedProto) {
    return trusts(peer)
        && forwardedProto.size() == 1
        && "https".equalsIgnoreCase(forwardedProto.getFirst().strip());
  }

  private static String withoutPort(String hop) {
    var bracketed = BRACKETED_IPV6.matcher(hop);
    if (bracketed.matches()) {
      return bracketed.group(1);
    }
    var v4 = IPV4_WITH_PORT.matcher(hop);
    return v4.matches() ? v4.group(1) : hop;
  }

  /**
   * The address in its canonical text, for an IP literal only: a host name is never resolved (no
   * DNS lookup for what a client wrote).
   */
  static Optional<String> literal(String text) {
    if (text == null || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text).getHostAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
