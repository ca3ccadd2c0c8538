package io.pawkeep.accounts;

import io.pawkeep.web.ApiProblem;
import java.util.List;
import java.util.Map;

/** What an account service's refusal says on a page: its detail, and its rules not met. */
final class PageProblems {

  private PageProblems() {}

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
