package io.pawkeep.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where a request comes from. The address is the connection's peer, or the one a proxy listed in
 * {@code PAWKEEP_TRUSTED_PROXIES} reports ({@link ForwardedRequestFilter}); never a header a client
 * could set on its own (AUTH-5).
 */
public record ClientInfo(String address, String userAgent) {

  private static final int MAX_USER_AGENT = 256;

  public static ClientInfo of(HttpServletRequest request) {
    String agent = request.getHeader("User-Agent");
    if (agent != null && agent.length() > MAX_USER_AGENT) {
      agent = agent.substring(0, MAX_USER_AGENT);
    }
    return new ClientInfo(request.getRemoteAddr(), agent);
  }
}
