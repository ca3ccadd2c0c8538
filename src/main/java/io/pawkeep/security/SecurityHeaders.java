package io.pawkeep.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The security headers both filter chains send (HARD-2): no framing, no referrer, HSTS [a year,
 * with subdomains] (HARD-1), and no camera, microphone, location (but the visit app's own) or
 * payment. Each chain adds its own content security policy: a fixed one for the API, a per-request
 * nonce for the pages.
 */
final class SecurityHeaders {

  private static final String DEFAULT = "camera=(), microphone=(), geolocation=(), payment=()";

  /**
   * The walker's visit app records GPS pins and walks (DOM-6), so its pages, and only they, may ask
   * for the location of the application's own origin.
   */
  private static final String VISIT_APP =
      "camera=(), microphone=(), geolocation=(self), payment=()";

  private SecurityHeaders() {}

  /**
   * HSTS goes on answers over TLS only (a TLS socket, or a declared proxy's {@code
   * X-Forwarded-Proto: https}): browsers ignore it over plain HTTP (HARD-1).
   */
  static void common(HeadersConfigurer<HttpSecurity> headers, HstsProperties hsts) {
    headers
        .frameOptions(frame -> frame.deny())
        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
        .httpStrictTransportSecurity(
            writer ->
                writer
                    .maxAgeInSeconds(hsts.maxAge().toSeconds())
                    .includeSubDomains(hsts.includeSubdomains()))
        .addHeaderWriter(
            (request, response) ->
                response.setHeader(
                    "Permissions-Policy",
                    WebPaths.isVisitApp(request.getRequestURI()) ? VISIT_APP : DEFAULT));
  }
}
