package io.pawkeep.security;

import io.pawkeep.web.ApiProblem;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** Too many attempts: answered 429 with the seconds to wait in {@code Retry-After}. */
final class RateLimitedException extends ApiProblem {

  RateLimitedException(Duration retryAfter) {
    super(
        HttpStatus.TOO_MANY_REQUESTS,
        "rate-limited",
        "Too many requests",
        "Too many attempts. Try again later.",
        Map.of("retryAfterSeconds", retryAfter.toSeconds()),
        headers(retryAfter));
  }

  private static HttpHeaders headers(Duration retryAfter) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
    return headers;
  }
}
