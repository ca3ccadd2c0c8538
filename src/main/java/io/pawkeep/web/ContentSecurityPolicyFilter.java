package io.pawkeep.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The content security policy of the browser app (HARD-2): scripts only from the application itself
 * or carrying this request's nonce, styles only from its files (no {@code 'unsafe-inline'} or
 * {@code 'unsafe-eval'} anywhere), no framing, forms posting only to the application, and
 * violations reported to {@code /csp-reports}. The nonce is a request attribute ({@link #NONCE})
 * the layout puts on its script tags. The API writes its own, stricter policy; the API
 * documentation pages (off in production) keep the inline styles their bundled UI needs.
 */
final class ContentSecurityPolicyFilter extends OncePerRequestFilter {

  /** The request attribute holding the nonce, {@code ${cspNonce}} in templates. */
  static final String NONCE = "cspNonce";

  static final String REPORT_PATH = "/csp-reports";

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String DOCS_POLICY =
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
          + " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  static String policy(String nonce) {
    return "default-src 'self'; script-src 'self' 'nonce-"
        + nonce
        + "'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
        + " frame-ancestors 'none'; form-action 'self'; report-uri "
        + REPORT_PATH
        + "; report-to csp";
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String uri = request.getRequestURI();
    if (uri.startsWith("/swagger-ui") || uri.startsWith("/v3/api-docs")) {
      response.setHeader("Content-Security-Policy", DOCS_POLICY);
    } else {
      byte[] bytes = new byte[16];
      RANDOM.nextBytes(bytes);
      String nonce = Base64.getEncoder().encodeToString(bytes);
      request.setAttribute(NONCE, nonce);
      response.setHeader("Content-Security-Policy", policy(nonce));
      response.setHeader("Reporting-Endpoints", "csp=\"" + REPORT_PATH + "\"");
    }
    chain.doFilter(request, response);
  }
}
