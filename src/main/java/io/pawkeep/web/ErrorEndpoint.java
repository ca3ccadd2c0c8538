package io.pawkeep.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors raised outside Spring MVC (by the servlet container or a filter, or sent by {@link
 * PageErrors}) answer without the container's default page or any exception text: problem details
 * for the API and for clients that do not ask for HTML, the error page for browsers. The 404 page
 * says nothing about whether what was asked for exists; it is also what a person gets for something
 * they may not see.
 */
@Hidden
@RestController
class ErrorEndpoint implements ErrorController {

  @RequestMapping("/error")
  Object error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status =
        code instanceof Integer value
            ? HttpStatus.resolve(value)
            : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status == null) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    if (wantsPage(request)) {
      return page(status);
    }
    String detail =
        status.is5xxServerError()
            ? "Something went wrong on our side."
            : "The request could not be processed.";
    ProblemDetail problem =
        Problems.of(status, "http-" + status.value(), status.getReasonPhrase(), detail);
    return ResponseEntity.status(status).body(problem);
  }

  static ModelAndView page(HttpStatus status) {
    ModelAndView page =
        new ModelAndView(
            "error",
            Map.of(
                "status", status.value(),
                "heading", heading(status),
                "message", message(status)));
    page.setStatus(status);
    return page;
  }

  private static boolean wantsPage(HttpServletRequest request) {
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String path = uri instanceof String s ? s : request.getRequestURI();
    if (path.startsWith("/api/")) {
      return false;
    }
    String accept = request.getHeader("Accept");
    if (accept == null) {
      return false;
    }
    return MediaType.parseMediaTypes(accept).stream()
        .anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
  }

  private static String heading(HttpStatus status) {
    return switch (status) {
      case NOT_FOUND -> "Page not found";
      case FORBIDDEN -> "Not allowed";
      case TOO_MANY_REQUESTS -> "Too many requests";
      default -> status.is4xxClientError() ? "That did not work" : "Something went wrong";
    };
  }

  private static String message(HttpStatus status) {
    return switch (status) {
      case NOT_FOUND -> "There is nothing here, or nothing you can see. Check the address.";
      case FORBIDDEN ->
          "You are not allowed to do this. If you were filling in a form, go back, reload the page"
              + " and try again.";
      case TOO_MANY_REQUESTS -> "Please wait a moment and try again.";
      default ->
          status.is4xxClientError()
              ? "The request could not be processed. Go back and check what you entered."
              : "Something went wrong on our side. Please try again later.";
    };
  }
}
