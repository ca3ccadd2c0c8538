package io.pawkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiTestSupport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The application's handler lookup finds, for every route of the application and requests around
 * it, what Spring's own lookup over every mapping finds: the same handler, the same path variables
 * and pattern, the same refusal (404, 405, 406, 415) and the same CORS preflight answer.
 */
class HandlerLookupTests extends ApiTestSupport {

  private static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  private static final List<String> ACCEPTS = List.of("", "application/json", "text/html");
  private static final List<String> BODIES =
      List.of("", "application/json", "application/x-www-form-urlencoded", "multipart/form-data");

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  private RequestMappingHandlerMapping handlerMapping;

  @Autowired private List<HandlerMapping> allHandlerMappings;

  @Test
  void everyRouteAndRequestsAroundItFindWhatSpringsOwnLookupFinds() throws Exception {
    PathFirstHandlerMapping mapping = (PathFirstHandlerMapping) handlerMapping;
    Set<String> paths = paths(mapping.getHandlerMethods().keySet());

    int compared = 0;
    for (String path : paths) {
      List<MockHttpServletRequest[]> pairs = new ArrayList<>();
      for (String method : METHODS) {
        if (method.equals("GET")) {
          ACCEPTS.forEach(accept -> pairs.add(twice(method, path, accept, "", false)));
        } else if (List.of("POST", "PUT", "PATCH").contains(method)) {
          BODIES.forEach(body -> pairs.add(twice(method, path, "", body, false)));
        } else {
          pairs.add(twice(method, path, "", "", false));
        }
      }
      pairs.add(twice("OPTIONS", path, "", "", true));
      for (MockHttpServletRequest[] pair : pairs) {
        assertThat(outcome(mapping, pair[0], true))
            .as(
                "%s %s, accept %s, body %s, preflight %s",
                pair[0].getMethod(),
                path,
                pair[0].getHeader("Accept"),
                pair[0].getContentType(),
                pair[0].getHeader("Origin") != null)
            .isEqualTo(outcome(mapping, pair[1], false));
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(10_000);
  }

  @Test
  void everyMappingWhosePathMatchesIsACandidate() {
    PathFirstHandlerMapping mapping = (PathFirstHandlerMapping) handlerMapping;
    Set<RequestMappingInfo> mappings = mapping.getHandlerMethods().keySet();
    int narrowed = 0;
    for (String path : paths(mappings)) {
      MockHttpServletRequest request = request("GET", path, "", "", false);
      List<RequestMappingInfo> candidates = mapping.candidates(request);
      if (candidates == null) {
        continue;
      }
      narrowed++;
      for (RequestMappingInfo info : mappings) {
        if (info.getPathPatternsCondition().getMatchingCondition(request) != null) {
          assertThat(candidates).as("candidates for %s", path).contains(info);
        }
      }
    }
    assertThat(narrowed).isGreaterThan(500);
  }

  @Test
  void theApplicationsMappingIsAskedFirstAndServesNoActuatorPath() throws Exception {
    List<HandlerMapping> mappings = new ArrayList<>(allHandlerMappings);
    AnnotationAwareOrderComparator.sort(mappings);
    assertThat(mappings.getFirst()).isSameAs(handlerMapping);
    assertThat(mappings)
        .as("Spring Boot's actuator mapping, asked after the application's")
        .anyMatch(m -> m.getClass().getSimpleName().equals("WebMvcEndpointHandlerMapping"));
    for (String path : List.of("/actuator/health", "/actuator/prometheus", "/actuator/info")) {
      assertThat(handlerMapping.getHandler(request("GET", path, "", "", false)))
          .as("the application's handler for %s", path)
          .isNull();
    }
  }

  @Test
  void anApiRequestIsMatchedAgainstTheFewMappingsItsPathCouldMatch() {
    PathFirstHandlerMapping mapping = (PathFirstHandlerMapping) handlerMapping;
    String pets = "/api/v1/households/" + java.util.UUID.randomUUID() + "/pets";

    List<RequestMappingInfo> candidates =
        mapping.candidates(request("GET", pets, "application/json", "", false));

    assertThat(mapping.getHandlerMethods()).hasSizeGreaterThan(200);
    assertThat(candidates).isNotNull().hasSizeBetween(1, 5);
    assertThat(mapping.candidates(request("OPTIONS", pets, "", "", true)))
        .as("a CORS preflight goes through Spring's own lookup")
        .isNull();
    assertThat(mapping.candidates(request("GET", pets + "/", "", "", false)))
        .as("a trailing slash goes through Spring's own lookup")
        .isNull();
  }

  /** Paths around every pattern of {@code mappings}. */
  private static Set<String> paths(Set<RequestMappingInfo> mappings) {
    Set<String> paths = new LinkedHashSet<>();
    for (RequestMappingInfo info : mappings) {
      for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
        paths.addAll(around(pattern.getPatternString()));
      }
    }
    // Paths no application mapping serves: the actuator's, static files, nothing at all.
    paths.addAll(List.of("/actuator/health", "/css/app.css", "/favicon.ico", "/no/such/page"));
    assertThat(paths).hasSizeGreaterThan(500);
    return paths;
  }

  /** The pattern with its variables filled, and paths near it that may or may not match. */
  private static List<String> around(String pattern) {
    List<String> paths = new ArrayList<>();
    for (String value : List.of("0b7e6a6c-3f1e-4b8a-9d7e-2f4c5a6b7c8d", "new")) {
      String filled =
          pattern
              .replaceAll("\\{\\*[^}]*}", value + "/x")
              .replaceAll("\\{[^}]*}", value)
              .replace("**", value + "/x")
              .replace("*", value);
      paths.add(filled);
      paths.add(filled + "/");
      paths.add(filled + "/extra");
      paths.add(filled.toUpperCase(java.util.Locale.ROOT));
      paths.add(encodedFirstLetter(filled));
      paths.add(filled.replaceFirst("/([^/]+)$", "/$1;v=1"));
      int last = filled.lastIndexOf('/');
      paths.add(last > 0 ? filled.substring(0, last) : "/");
    }
    return paths;
  }

  /** The path with the first letter of its first segment percent-encoded ("/%61pi/v1/..."). */
  private static String encodedFirstLetter(String path) {
    if (path.length() < 2 || !Character.isLetter(path.charAt(1))) {
      return path;
    }
    return "/%" + Integer.toHexString(path.charAt(1)) + path.substring(2);
  }

  /** Two requests alike, one for each lookup (a lookup writes attributes on its request). */
  private static MockHttpServletRequest[] twice(
      String method, String path, String accept, String body, boolean preflight) {
    return new MockHttpServletRequest[] {
      request(method, path, accept, body, preflight), request(method, path, accept, body, preflight)
    };
  }

  private static MockHttpServletRequest request(
      String method, String path, String accept, String body, boolean preflight) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    if (!accept.isEmpty()) {
      request.addHeader("Accept", accept);
    }
    if (!body.isEmpty()) {
      request.setContentType(body);
      request.setContent(new byte[] {'{', '}'});
    }
    if (preflight) {
      request.addHeader("Origin", "https://elsewhere.example");
      request.addHeader("Access-Control-Request-Method", "POST");
    }
    ServletRequestPathUtils.parseAndCache(request);
    return request;
  }

  /** What a lookup answered: the handler and what it wrote for the handler, or its refusal. */
  private static String outcome(
      PathFirstHandlerMapping mapping, MockHttpServletRequest request, boolean indexed) {
    String lookupPath =
        UrlPathHelper.defaultInstance.removeSemicolonContent(
            ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().value());
    try {
      HandlerMethod found =
          indexed
              ? mapping.lookupHandlerMethod(lookupPath, request)
              : mapping.lookupAmongAll(lookupPath, request);
      return found
          + " "
          + request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)
          + " "
          + request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)
          + " "
          + request.getAttribute(HandlerMapping.MATRIX_VARIABLES_ATTRIBUTE)
          + " "
          + request.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE);
    } catch (Exception refused) {
      return refused.getClass().getName() + ": " + refused.getMessage();
    }
  }
}
