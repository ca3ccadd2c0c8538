package io.pawkeep.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * The security headers both filter chains send (HARD-2): no framing, no referrer, HSTS for a year
 * with subdomains, and no camera, microphone, location or payment. Each chain adds its own content
 * security policy: a fixed one for the API, a per-request nonce for the pages.
 */
final class SecurityHeaders {

  private SecurityHeaders() {}

  static void common(HeadersConfigurer<HttpSecurity> headers) {
    headers
        .frameOptions(frame -> frame.deny())
        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
        .httpStrictTransportSecurity(
            hsts -> hsts.maxAgeInSeconds(31_536_000).includeSubDomains(true))
        .addHeaderWriter(
            new StaticHeadersWriter(
                "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"));
  }
}
