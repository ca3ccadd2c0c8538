package io.pawkeep.security;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The browser session's cookie (SESS-5): {@code __Host-pawkeep}, an opaque random secret of which
 * the database keeps only the SHA-256; HttpOnly, Secure, SameSite=Lax, Path=/ and no Domain (the
 * {@code __Host-} prefix makes browsers refuse it otherwise, so no sibling host can plant one). The
 * API never reads it.
 */
public final class WebSessionCookie {

  public static final String NAME = "__Host-pawkeep";
  private static final int MAX_LENGTH = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebSessionCookie() {}

  /** A new secret, 256 random bits. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The secret of the cookie the request carries, if it carries one that could be a secret. */
  public static Optional<String> read(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie cookie : cookies) {
      String value = cookie.getValue();
      if (NAME.equals(cookie.getName())
          && value != null
          && !value.isEmpty()
          && value.length() <= MAX_LENGTH) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /**
   * Sets the cookie; {@code maxAge} null makes it a browser-session cookie (a shared device), which
   * ends when the browser closes.
   */
  public static void write(HttpServletResponse response, String secret, Duration maxAge) {
    ResponseCookie.ResponseCookieBuilder cookie = base(secret);
    if (maxAge != null) {
      cookie.maxAge(maxAge);
    }
    response.addHeader(HttpHeaders.SET_COOKIE, cookie.build().toString());
  }

  public static void clear(HttpServletResponse response) {
    response.addHeader(HttpHeaders.SET_COOKIE, base("").maxAge(0).build().toString());
  }

  private static ResponseCookie.ResponseCookieBuilder base(String value) {
    return ResponseCookie.from(NAME, value).httpOnly(true).secure(true).sameSite("Lax").path("/");
  }
}
