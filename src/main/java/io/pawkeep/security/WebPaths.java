package io.pawkeep.security;

/** The paths of the browser app that need no identity: static files and the public pages. */
final class WebPaths {

  /** Static files: served to anyone, with no database round trip. */
  static final String[] STATIC = {
    "/css/**",
    "/js/**",
    "/webjars/**",
    "/favicon.ico",
    "/account.css",
    "/account-links.js",
    "/verify-email.html",
    "/reset-password.html"
  };

  /** Pages and endpoints open to strangers (the rest of the browser app needs a session). */
  static final String[] PUBLIC = {
    "/",
    "/sign-in",
    "/sign-in/**",
    "/sign-up",
    "/forgot-password",
    "/csp-reports",
    "/error",
    "/actuator/**",
    "/swagger-ui.html",
    "/swagger-ui/**",
    "/v3/api-docs/**"
  };

  private WebPaths() {}

  /**
   * Pages that run as nobody even for a signed-in browser: signing in, up, or asking for a reset
   * link needs no identity, and an ended session's cookie must not stand in their way.
   */
  static boolean isAnonymous(String uri) {
    return uri.startsWith("/sign-in") || uri.equals("/sign-up") || uri.equals("/forgot-password");
  }

  static boolean isStatic(String uri) {
    return uri.startsWith("/css/")
        || uri.startsWith("/js/")
        || uri.startsWith("/webjars/")
        || uri.equals("/favicon.ico")
        || uri.equals("/account.css")
        || uri.equals("/account-links.js")
        || uri.equals("/verify-email.html")
        || uri.equals("/reset-password.html");
  }
}
