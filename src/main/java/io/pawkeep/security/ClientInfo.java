package io.pawkeep.security;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Where a request comes from. The address is the connection's peer, or the one a proxy listed in
 * {@code PAWKEEP_TRUSTED_PROXIES} reports ({@link ForwardedRequestFilter}); never a header a client
 * could set on its own (AUTH-5).
 */
public record ClientInfo(String address, String userAgent) {

  private static final int MAX_USER_AGENT = 256;

  private static final int IPV6_NETWORK_BYTES = 8;

  /**
   * What per-address limits and lockouts count (AUTH-5): an IPv4 address itself, but an IPv6
   * address's /64, since one host commonly holds a whole /64 and could rotate through it.
   */
  public String network() {
    if (address == null || address.indexOf(':') < 0) {
      return address;
    }
    try {
      // A colon makes this an IPv6 literal: parsed, never looked up in DNS.
      InetAddress parsed = InetAddress.getByName(address);
      if (!(parsed instanceof Inet6Address)) {
        return parsed.getHostAddress();
      }
      byte[] network = Arrays.copyOf(parsed.getAddress(), 16);
      Arrays.fill(network, IPV6_NETWORK_BYTES, network.length, (byte) 0);
      return InetAddress.getByAddress(network).getHostAddress() + "/64";
    } catch (UnknownHostException e) {
      return address;
    }
  }

  public static ClientInfo of(HttpServletRequest request) {
    String agent = request.getHeader("User-Agent");
    if (agent != null && agent.length() > MAX_USER_AGENT) {
      agent = agent.substring(0, MAX_USER_AGENT);
    }
    return new ClientInfo(request.getRemoteAddr(), agent);
  }
}
