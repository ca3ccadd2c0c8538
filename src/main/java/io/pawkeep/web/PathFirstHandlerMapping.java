package io.pawkeep.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Spring MVC's handler mapping, asking each mapping's path before its other conditions. A path with
 * variables ({@code /api/v1/households/{id}/pets}) has no direct lookup, so every request tests all
 * the application's mappings (about 290), and Spring asks the method, parameter, header, content
 * type and accept conditions before the path: each through the request's chain of wrappers, the
 * accept header parsed, for mappings whose path could never match. That was about a sixth of the
 * pets list's CPU (bench/pets-load.sh, docs/performance.md). The answer is the same: a mapping
 * matches only when every one of its conditions does, and the path condition reads the path alone.
 */
final class PathFirstHandlerMapping extends RequestMappingHandlerMapping {

  @Override
  protected RequestMappingInfo getMatchingMapping(
      RequestMappingInfo info, HttpServletRequest request) {
    PathPatternsRequestCondition paths = info.getPathPatternsCondition();
    if (paths != null && paths.getMatchingCondition(request) == null) {
      return null;
    }
    return super.getMatchingMapping(info, request);
  }
}
