package io.pawkeep.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Spring MVC's handler mapping, finding a request's handler among the few mappings its path could
 * match. A path with variables ({@code /api/v1/households/{id}/pets}) has no direct lookup in
 * Spring, so every request tested all the application's mappings (about 290): a pattern match and
 * its allocations for each, about a seventh of the pets list's CPU (bench/pets-load.sh,
 * docs/performance.md). {@link MappingsByPath} names the mappings whose path could match; when
 * exactly one of them matches the request, it is the one Spring would choose, since Spring picks
 * among the matching mappings only; when no mapping's path can match (a static file, a page of
 * another handler mapping), there is no handler here, as Spring would find. Any other case (none or
 * several of the candidates match, a CORS preflight, a path the index does not read) goes through
 * Spring's own lookup, so its choice among several, its errors (404, 405, 406, 415) and its
 * preflight answers are unchanged.
 *
 * <p>Each mapping's path is asked before its other conditions (method, parameters, headers, content
 * type, accept), and the parsed path is read from the request once per lookup, not once per mapping
 * through the request's chain of wrappers.
 */
final class PathFirstHandlerMapping extends RequestMappingHandlerMapping {

  /**
   * Asked before Spring Boot's actuator mapping (order -100), which otherwise tested its own
   * mappings' produces conditions on every API request first: about 3% of the pets list's CPU. No
   * application mapping serves an actuator path ({@code HandlerLookupTests}), and for a path no
   * application mapping can match this mapping answers at once that it has no handler.
   */
  static final int ORDER = -200;

  @Override
  public int getOrder() {
    return ORDER;
  }

  /** The index and the registrations it was built from; rebuilt after any registration. */
  private volatile Indexed indexed;

  private final AtomicLong registrations = new AtomicLong();

  private record Indexed(long registrations, MappingsByPath mappings) {}

  @Override
  protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request)
      throws Exception {
    HttpServletRequest once = new PathReadOnce(request);
    MappingsByPath mappings = mappings();
    List<RequestMappingInfo> candidates = candidates(mappings, once);
    if (candidates != null) {
      if (candidates.isEmpty()) {
        // No mapping's path can match: Spring would find neither a match nor a partial one (a
        // partial match, behind its 405, 406 and 415, is a matching path first), and answer none.
        return null;
      }
      RequestMappingInfo only = null;
      RequestMappingInfo registered = null;
      for (RequestMappingInfo candidate : candidates) {
        RequestMappingInfo match = getMatchingMapping(candidate, once);
        if (match != null) {
          if (only != null) {
            return super.lookupHandlerMethod(lookupPath, once);
          }
          only = match;
          registered = candidate;
        }
      }
      if (only != null) {
        HandlerMethod handler = mappings.handler(registered);
        once.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, handler);
        handleMatch(only, lookupPath, once);
        return handler;
      }
    }
    return super.lookupHandlerMethod(lookupPath, once);
  }

  /**
   * The mappings whose path could match the request, or {@code null} when the request goes through
   * Spring's own lookup (a CORS preflight, a path the index does not read, patterns ignoring case).
   */
  List<RequestMappingInfo> candidates(HttpServletRequest request) {
    return candidates(mappings(), request);
  }

  private static List<RequestMappingInfo> candidates(
      MappingsByPath mappings, HttpServletRequest request) {
    if (mappings == null || CorsUtils.isPreFlightRequest(request)) {
      return null;
    }
    return mappings.candidates(
        ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication());
  }

  /** Spring's own lookup over every mapping, for tests comparing the two. */
  HandlerMethod lookupAmongAll(String lookupPath, HttpServletRequest request) throws Exception {
    return super.lookupHandlerMethod(lookupPath, new PathReadOnce(request));
  }

  /** The index of the current mappings, or {@code null} if the path patterns ignore case. */
  private MappingsByPath mappings() {
    PathPatternParser parser = getPatternParser();
    if (parser == null || !parser.isCaseSensitive()) {
      return null;
    }
    long now = registrations.get();
    Indexed current = indexed;
    if (current == null || current.registrations() != now) {
      current = new Indexed(now, MappingsByPath.of(getHandlerMethods()));
      indexed = current;
    }
    return current.mappings();
  }

  @Override
  public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
    super.registerMapping(mapping, handler, method);
    registrations.incrementAndGet();
  }

  @Override
  protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
    super.registerHandlerMethod(handler, method, mapping);
    registrations.incrementAndGet();
  }

  @Override
  public void unregisterMapping(RequestMappingInfo mapping) {
    super.unregisterMapping(mapping);
    registrations.incrementAndGet();
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
