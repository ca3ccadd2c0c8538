package io.pawkeep.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (by the servlet container or a filter) also answer as problem
 * details, without the container's default page or any exception text.
 */
@Hidden
@RestController
class ErrorEndpoint implements ErrorController {

  @RequestMapping("/error")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status =
        code instanceof Integer value
            ? HttpStatus.resolve(value)
            : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status == null) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    String detail =
        status.is5xxServerError()
            ? "Something went wrong on our side."
            : "The request could not be processed.";
    ProblemDetail problem =
        Problems.of(status, "http-" + status.value(), status.getReasonPhrase(), detail);
    return ResponseEntity.status(status).body(problem);
  }
}
