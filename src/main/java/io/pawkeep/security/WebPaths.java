package io.pawkeep.security;

import java.util.regex.Pattern;

/** The paths of the browser app that need no identity: static files and the public pages. */
final class WebPaths {

  /** A booking id in the visit app's paths, so its JSON routes never read as a visit. */
  static final String UUID_PATTERN =
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

  private static final Pattern VISIT_SHELL = Pattern.compile("/visits(/" + UUID_PATTERN + ")?/?");

  private static final Pattern VISIT_DATA =
      Pattern.compile("/visits/(data|csrf|sync|" + UUID_PATTERN + "/(reveal|photos))");

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
    // HARD-6: how to report a vulnerability, for anyone.
    "/security",
    "/.well-known/security.txt",
    "/invites/*",
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
        || uri.equals("/reset-password.html")
        || isVisitApp(uri);
  }

  /**
   * The walker's visit app's shell and its service worker, manifest and icons: the same for
   * everyone, with no personal data, so they need no identity and no database round trip; the app
   * reads its data from {@link #isVisitData} routes, which do.
   */
  static boolean isVisitApp(String uri) {
    return VISIT_SHELL.matcher(uri).matches()
        || uri.equals("/visits/sw.js")
        || uri.equals("/visits/manifest.webmanifest")
        || uri.startsWith("/visits/icons/");
  }

  /**
   * The visit app's JSON routes: a stranger, an ended session or a missing CSRF token gets a JSON
   * problem (401, 403) the app understands, never a redirect to the sign-in page.
   */
  static boolean isVisitData(String uri) {
    return VISIT_DATA.matcher(uri).matches();
  }
}
