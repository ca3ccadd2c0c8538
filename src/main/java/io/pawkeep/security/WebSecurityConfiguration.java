package io.pawkeep.security;

import io.pawkeep.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.session.SessionManagementFilter;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The HTTP security of the browser app (every path outside {@code /api/**}): browser sessions from
 * the {@code __Host-pawkeep} cookie, checked by the database on each request like access tokens
 * (SESS-5); a CSRF token on every state-changing request (double submit: a {@code
 * __Host-pawkeep-csrf} cookie and the masked token in the form or the {@code X-CSRF-TOKEN} header);
 * strangers sent to the sign-in page; the security headers of HARD-2 (the content security policy
 * with its per-request nonce is written by web/ContentSecurityPolicyFilter).
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

  static final String CSRF_COOKIE = "__Host-pawkeep-csrf";
  static final String CSRF_HEADER = "X-CSRF-TOKEN";

  /**
   * The CSRF token's cookie: HttpOnly (pages hand the token to scripts in a meta tag), Secure,
   * SameSite=Lax, Path=/ and no Domain (the {@code __Host-} prefix: no sibling host can plant one).
   * Sign-in and sign-out replace it. Lax, not Strict: a page reached from another site (a link in a
   * mail) would arrive without a Strict cookie, get a new token and so break the forms of the
   * person's other open tabs. The protection is the token match, which a cross-site page cannot
   * make: it can neither read the cookie nor the page's token, and Lax still keeps the cookie off
   * cross-site form posts.
   */
  @Bean
  CsrfTokenRepository csrfTokenRepository() {
    CookieCsrfTokenRepository repository = new CookieCsrfTokenRepository();
    repository.setCookieName(CSRF_COOKIE);
    repository.setHeaderName(CSRF_HEADER);
    repository.setCookiePath("/");
    repository.setCookieCustomizer(
        cookie -> cookie.httpOnly(true).secure(true).sameSite("Lax").path("/"));
    return repository;
  }

  @Bean
  @Order(2)
  SecurityFilterChain pages(
      HttpSecurity http,
      CsrfTokenRepository csrfTokens,
      PlatformTransactionManager transactions,
      JwtIdentitySource identities,
      RateLimiter limiter,
      RateLimitProperties limits,
      HstsProperties hsts)
      throws Exception {
    XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();
    http.csrf(
            csrf ->
                csrf.csrfTokenRepository(csrfTokens)
                    .csrfTokenRequestHandler(masked)
                    // Browsers post violation reports without any token; the endpoint only counts.
                    .ignoringRequestMatchers("/csp-reports"))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .formLogin(form -> form.disable())
        .httpBasic(basic -> basic.disable())
        .logout(logout -> logout.disable())
        .headers(headers -> SecurityHeaders.common(headers, hsts))
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers(WebPaths.STATIC)
                    .permitAll()
                    .requestMatchers(request -> WebPaths.isVisitApp(request.getRequestURI()))
                    .permitAll()
                    .requestMatchers(WebPaths.PUBLIC)
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint((request, response, ex) -> toSignIn(request, response))
                    .accessDeniedHandler(WebSecurityConfiguration::denied))
        // After session management: it would take each request's session for a new sign-in and
        // replace the CSRF token every time, breaking the forms of every other open page.
        .addFilterAfter(new WebSessionFilter(), SessionManagementFilter.class)
        .addFilterAfter(
            new RequestTransactionFilter(
                transactions,
                identities,
                limiter,
                limits,
                "/sign-in",
                WebSecurityConfiguration::endedSession),
            AuthorizationFilter.class);
    return http.build();
  }

  /**
   * A session the database refused (signed out, idle, expired, password changed, account
   * deactivated): its cookie is cleared and the browser sent to sign in again.
   */
  private static void endedSession(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    WebSessionCookie.clear(response);
    toSignIn(request, response);
  }

  /**
   * A refused request: the 403 page, or for the visit app's JSON routes a 403 problem, on which the
   * app fetches a fresh CSRF token and tries once more (401 without any session cookie).
   */
  private static void denied(HttpServletRequest request, HttpServletResponse response, Exception e)
      throws IOException {
    if (WebPaths.isVisitData(request.getRequestURI())) {
      if (WebSessionCookie.read(request).isEmpty()) {
        // No session at all: the CSRF check runs first, but what the app must do is sign in.
        Problems.write(response, Problems.unauthorized());
        return;
      }
      Problems.write(
          response,
          Problems.of(
              HttpStatus.FORBIDDEN,
              "forbidden",
              "Forbidden",
              "The request was refused; a missing or outdated CSRF token is refused too."));
      return;
    }
    response.sendError(HttpStatus.FORBIDDEN.value());
  }

  /**
   * htmx follows HX-Redirect with a full page load; other requests get a plain redirect. The visit
   * app's JSON routes get the generic 401 problem: the app keeps its outbox and asks the person to
   * sign in again.
   */
  private static void toSignIn(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (WebPaths.isVisitData(request.getRequestURI())) {
      Problems.write(response, Problems.unauthorized());
      return;
    }
    if ("true".equals(request.getHeader("HX-Request"))) {
      response.setStatus(HttpStatus.UNAUTHORIZED.value());
      response.setHeader("HX-Redirect", "/sign-in");
      return;
    }
    response.sendRedirect("/sign-in");
  }
}
