package io.pawkeep.documents;

import io.pawkeep.web.ApiProblem;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Problems answered under the download path never repeat it (FILE-3): the path carries the link's
 * token, which Spring would otherwise copy into the problem's {@code instance}. Every 404 there is
 * the one not-found problem, so a refused link and a missing file cannot be told apart, even by a
 * path the route does not serve.
 */
@ControllerAdvice
class DownloadProblems implements ResponseBodyAdvice<Object> {

  @Override
  public boolean supports(
      MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object beforeBodyWrite(
      Object body,
      MethodParameter returnType,
      MediaType selectedContentType,
      Class<? extends HttpMessageConverter<?>> selectedConverterType,
      ServerHttpRequest request,
      ServerHttpResponse response) {
    if (!(body instanceof ProblemDetail problem)
        || !request.getURI().getRawPath().startsWith(DownloadLinks.PATH)) {
      return body;
    }
    if (problem.getStatus() == HttpStatus.NOT_FOUND.value()) {
      return ApiProblem.notFound().toProblemDetail();
    }
    problem.setInstance(null);
    return problem;
  }
}
