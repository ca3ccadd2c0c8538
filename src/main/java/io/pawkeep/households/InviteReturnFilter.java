package io.pawkeep.households;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Brings someone who opened an invitation link before signing in back to it: signing in (or signing
 * up, then in) ends on the home page, which sends them to the waiting invitation once and forgets
 * it. Only a browser with a session cookie is sent there; the invitation page itself checks that
 * the session is live.
 */
@Component
class InviteReturnFilter extends OncePerRequestFilter {

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"GET".equals(request.getMethod()) || !"/".equals(request.getRequestURI());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<String> waiting = cookie(request, InvitePages.COOKIE);
    if (waiting.isPresent() && cookie(request, "__Host-pawkeep").isPresent()) {
      response.addHeader(HttpHeaders.SET_COOKIE, InvitePages.cookie("", Duration.ZERO).toString());
      if (InvitePages.TOKEN.matcher(waiting.get()).matches()) {
        response.sendRedirect("/invites/" + waiting.get());
        return;
      }
    }
    chain.doFilter(request, response);
  }

  private static Optional<String> cookie(HttpServletRequest request, String name) {
    Cookie[] cookies = request.getCookies();
    return cookies == null
        ? Optional.empty()
        : Arrays.stream(cookies)
            .filter(c -> name.equals(c.getName()) && !c.getValue().isEmpty())
            .map(Cookie::getValue)
            .findFirst();
  }
}
