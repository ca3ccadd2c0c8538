package io.pawkeep.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import org.springframework.web.util.UriComponentsBuilder;

/** Adds {@code Link: <...>; rel="next"} to a {@link Page} that has a next page (HARD-8). */
@ControllerAdvice
class NextPageLink implements ResponseBodyAdvice<Object> {

  @Override
  public boolean supports(
      MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return Page.class.isAssignableFrom(returnType.getParameterType());
  }

  @Override
  public Object beforeBodyWrite(
      Object body,
      MethodParameter returnType,
      MediaType selectedContentType,
      Class<? extends HttpMessageConverter<?>> selectedConverterType,
      ServerHttpRequest request,
      ServerHttpResponse response) {
    if (body instanceof Page<?> page && page.next() != null) {
      // Relative to the request's own path and query: no host header is trusted for the link.
      var next =
          UriComponentsBuilder.fromUri(request.getURI())
              .replaceQueryParam("cursor", page.next())
              .build();
      response
          .getHeaders()
          .add("Link", "<" + next.getPath() + "?" + next.getQuery() + ">; rel=\"next\"");
    }
    return body;
  }
}
