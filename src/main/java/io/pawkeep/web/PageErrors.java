package io.pawkeep.web;

import io.pawkeep.tenancy.IdentityRejectedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors of pages (every handler outside the API that is not a REST controller, and unknown paths)
 * become the error page through {@link ErrorEndpoint}: the status only, never an exception's text
 * or a stack trace. A person's mistake is a 4xx page, never a 500; what they may not see is the
 * same 404 page as what does not exist.
 */
@Component
class PageErrors implements HandlerExceptionResolver, Ordered {

  private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public ModelAndView resolveException(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
    if (request.getRequestURI().startsWith("/api/") || isRestHandler(handler)) {
      return null;
    }
    try {
      response.sendError(status(e, response).value());
    } catch (IOException io) {
      return null;
    }
    return new ModelAndView();
  }

  private static boolean isRestHandler(Object handler) {
    return handler instanceof HandlerMethod method
        && (AnnotatedElementUtils.hasAnnotation(method.getBeanType(), ResponseBody.class)
            || method.hasMethodAnnotation(ResponseBody.class));
  }

  private static HttpStatus status(Exception e, HttpServletResponse response) {
    if (e instanceof ApiProblem problem) {
      String retry = problem.headers().getFirst(HttpHeaders.RETRY_AFTER);
      if (retry != null) {
        response.setHeader(HttpHeaders.RETRY_AFTER, retry);
      }
      return problem.status();
    }
    if (e instanceof AccessDeniedException) {
      return HttpStatus.FORBIDDEN;
    }
    if (e instanceof ErrorResponse error) {
      HttpStatus status = HttpStatus.resolve(error.getStatusCode().value());
      return status != null ? status : HttpStatus.BAD_REQUEST;
    }
    if (e instanceof TypeMismatchException) {
      return HttpStatus.BAD_REQUEST;
    }
    if (e instanceof DataAccessResourceFailureException
        || (e instanceof CannotCreateTransactionException
            && !(e.getCause() instanceof IdentityRejectedException))) {
      log.warn("The database cannot be reached; answering 503", e);
      return HttpStatus.SERVICE_UNAVAILABLE;
    }
    String incident = UUID.randomUUID().toString();
    log.error("Unexpected error on a page, incident {}", incident, e);
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}
