package io.pawkeep.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Builds and writes problem details, also from servlet filters that run outside Spring MVC. */
public final class Problems {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Problems() {}

  public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(ApiProblem.type(slug));
    problem.setTitle(title);
    return problem;
  }

  /** The one answer to every authentication failure, whatever its cause. */
  public static ProblemDetail unauthorized() {
    return of(
        HttpStatus.UNAUTHORIZED,
        "unauthorized",
        "Unauthorized",
        "Authentication failed or is required.");
  }

  /** Seconds a client waits before trying again while the database cannot be reached. */
  static final int UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

  /**
   * The answer while the database cannot be reached (AVAIL-2): nothing was done, so the client may
   * safely try again.
   */
  static ProblemDetail unavailable() {
    ProblemDetail problem =
        of(
            HttpStatus.SERVICE_UNAVAILABLE,
            "unavailable",
            "Service unavailable",
            "Pawkeep cannot reach its database right now; nothing was changed. Try again shortly.");
    problem.setProperty("retryAfterSeconds", UNAVAILABLE_RETRY_AFTER_SECONDS);
    return problem;
  }

  /** Writes {@link #unavailable()} with its {@code Retry-After} header. */
  public static void writeUnavailable(HttpServletResponse response) throws IOException {
    response.setHeader("Retry-After", String.valueOf(UNAVAILABLE_RETRY_AFTER_SECONDS));
    write(response, unavailable());
  }

  public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", String.valueOf(problem.getType()));
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    body.put("detail", problem.getDetail());
    if (problem.getProperties() != null) {
      body.putAll(problem.getProperties());
    }
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setHeader("Cache-Control", "no-store");
    JSON.writeValue(response.getOutputStream(), body);
  }
}
