package io.pawkeep.web;

import io.pawkeep.tenancy.IdentityRejectedException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into RFC 9457 problem details. Details name the offending field and rule, never
 * echo the submitted value (it may be a password), and never carry a stack trace or SQL.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
    return ResponseEntity.status(problem.status())
        .headers(problem.headers())
        .body(problem.toProblemDetail());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
    return ResponseEntity.badRequest()
        .body(invalid("Parameter '" + e.getName() + "' has the wrong format."));
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<ProblemDetail> accessDenied(AccessDeniedException e) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN)
        .body(ApiProblem.forbidden("You are not allowed to do this.").toProblemDetail());
  }

  @ExceptionHandler({IdentityRejectedException.class, CannotCreateTransactionException.class})
  ResponseEntity<ProblemDetail> identityRejected(Exception e) {
    if (e instanceof CannotCreateTransactionException && !isIdentityRejection(e)) {
      return unavailable(e);
    }
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Problems.unauthorized());
  }

  /** The database cannot be reached (AVAIL-2): 503 with Retry-After, never a 500. */
  @ExceptionHandler(DataAccessResourceFailureException.class)
  ResponseEntity<ProblemDetail> unavailable(Exception e) {
    log.warn("The database cannot be reached; answering 503", e);
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(Problems.UNAVAILABLE_RETRY_AFTER_SECONDS))
        .body(Problems.unavailable());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    String incident = UUID.randomUUID().toString();
    log.error("Unexpected error, incident {}", incident, e);
    ProblemDetail problem =
        Problems.of(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "internal-error",
            "Internal error",
            "Something went wrong on our side. Quote the incident id if you contact us.");
    problem.setProperty("incident", incident);
    return ResponseEntity.internalServerError().body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return ResponseEntity.badRequest()
        .body(
            invalid(
                "The request body is missing, is not valid JSON, has a field of the wrong type"
                    + " or a field this endpoint does not accept."));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(
                f ->
                    Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
            .toList();
    ProblemDetail problem = invalid("Some fields are invalid.");
    problem.setProperty("errors", errors);
    return ResponseEntity.badRequest().body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return ResponseEntity.badRequest().body(invalid("Some parameters are invalid."));
  }

  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail problem
        && problem.getType() != null
        && "about:blank".equals(problem.getType().toString())) {
      problem.setType(ApiProblem.type("http-" + statusCode.value()));
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }

  private static ProblemDetail invalid(String detail) {
    return ApiProblem.badRequest(detail).toProblemDetail();
  }

  private static boolean isIdentityRejection(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IdentityRejectedException) {
        return true;
      }
    }
    return false;
  }
}
