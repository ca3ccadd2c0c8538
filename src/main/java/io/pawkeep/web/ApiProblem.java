package io.pawkeep.web;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An error the client can act on, answered as RFC 9457 problem details. The detail is written for
 * the client: it never carries a secret, a token or an internal cause.
 */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final String slug;
  private final String title;
  private final transient Map<String, Object> properties;
  private final transient HttpHeaders headers;

  public ApiProblem(HttpStatus status, String slug, String title, String detail) {
    this(status, slug, title, detail, Map.of(), HttpHeaders.EMPTY);
  }

  public ApiProblem(
      HttpStatus status,
      String slug,
      String title,
      String detail,
      Map<String, Object> properties,
      HttpHeaders headers) {
    super(Objects.requireNonNull(detail, "detail cannot be null"));
    this.status = Objects.requireNonNull(status, "status cannot be null");
    this.slug = Objects.requireNonNull(slug, "slug cannot be null");
    this.title = Objects.requireNonNull(title, "title cannot be null");
    this.properties = Map.copyOf(properties);
    this.headers = headers;
  }

  public HttpStatus status() {
    return status;
  }

  public HttpHeaders headers() {
    return headers;
  }

  public ProblemDetail toProblemDetail() {
    ProblemDetail problem = Problems.of(status, slug, title, getMessage());
    properties.forEach(problem::setProperty);
    return problem;
  }

  /** 404 for a missing object, and for one the caller may not see: the two look the same. */
  public static ApiProblem notFound() {
    return new ApiProblem(
        HttpStatus.NOT_FOUND, "not-found", "Not found", "No such resource exists.");
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
  }

  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
  }

  static URI type(String slug) {
    return URI.create("urn:pawkeep:problem:" + slug);
  }
}
