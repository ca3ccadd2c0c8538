package io.pawkeep.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Spring MVC's handler mapping, asking each mapping's path before its other conditions. A path with
 * variables ({@code /api/v1/households/{id}/pets}) has no direct lookup, so every request tests all
 * the application's mappings (about 290), and Spring asks the method, parameter, header, content
 * type and accept conditions before the path: each through the request's chain of wrappers, the
 * accept header parsed, for mappings whose path could never match. That was about a sixth of the
 * pets list's CPU (bench/pets-load.sh, docs/performance.md). The answer is the same: a mapping
 * matches only when every one of its conditions does, and the path condition reads the path alone.
 *
 * <p>The parsed path itself is read once per lookup, not once per mapping: each read went down the
 * request's chain of wrappers (security, firewall, error page, the container's own), about 3% of
 * the pets list's CPU.
 */
final class PathFirstHandlerMapping extends RequestMappingHandlerMapping {

  @Override
  protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request)
      throws Exception {
    return super.lookupHandlerMethod(lookupPath, new PathReadOnce(request));
  }

  @Override
  protected RequestMappingInfo getMatchingMapping(
      RequestMappingInfo info, HttpServletRequest request) {
    PathPatternsRequestCondition paths = info.getPathPatternsCondition();
    if (paths != null && paths.getMatchingCondition(request) == null) {
      return null;
    }
    return super.getMatchingMapping(info, request);
  }

  /**
   * The request during one lookup, its parsed path read from the request once. Everything else,
   * attributes written included, goes to the request itself.
   */
  private static final class PathReadOnce extends HttpServletRequestWrapper {

    private static final String PATH = ServletRequestPathUtils.PATH_ATTRIBUTE;

    private Object path;

    PathReadOnce(HttpServletRequest request) {
      super(request);
      this.path = request.getAttribute(PATH);
    }

    @Override
    public Object getAttribute(String name) {
      return PATH.equals(name) ? path : super.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
      super.setAttribute(name, value);
      if (PATH.equals(name)) {
        path = super.getAttribute(PATH);
      }
    }

    @Override
    public void removeAttribute(String name) {
      super.removeAttribute(name);
      if (PATH.equals(name)) {
        path = null;
      }
    }
  }
}
