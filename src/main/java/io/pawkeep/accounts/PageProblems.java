package io.pawkeep.accounts;

import io.pawkeep.web.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/** What an account service's refusal says on a page: its detail, and its rules not met. */
final class PageProblems {

  static final String TOO_MANY = "Too many attempts. Wait a few minutes, then try again.";

  private PageProblems() {}

  /** The refusal's status on the page, and when to try again if the rate limit said (AUTH-5). */
  static void answer(ApiProblem problem, HttpServletResponse response) {
    response.setStatus(problem.status().value());
    String retry = problem.headers().getFirst(HttpHeaders.RETRY_AFTER);
    if (retry != null) {
      response.setHeader(HttpHeaders.RETRY_AFTER, retry);
    }
  }

  static String text(ApiProblem problem) {
    Map<String, Object> properties = problem.toProblemDetail().getProperties();
    Object violations = properties == null ? null : properties.get("violations");
    if (violations instanceof List<?> list && !list.isEmpty()) {
      return problem.getMessage()
          + " "
          + String.join(" ", list.stream().map(String::valueOf).toList());
    }
    return problem.getMessage();
  }

  /** The last part of the problem's type, {@code wrong-current-password} in {@code urn:...}. */
  static String slug(ApiProblem problem) {
    String type = String.valueOf(problem.toProblemDetail().getType());
    return type.substring(Math.max(type.lastIndexOf(':'), type.lastIndexOf('/')) + 1);
  }
}
