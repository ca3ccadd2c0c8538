package io.pawkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Handlers are found by path first: a mapping whose path cannot match is refused without asking the
 * request anything else, and the answer is Spring's own for every other case.
 */
class PathFirstHandlerMappingTests {

  final PathFirstHandlerMapping mapping = new PathFirstHandlerMapping();
  final RequestMappingInfo pets =
      RequestMappingInfo.paths("/api/v1/households/{id}/pets")
          .methods(RequestMethod.GET)
          .produces("application/json")
          .build();

  @Test
  void aMappingWhosePathCannotMatchIsRefusedBeforeItsMethodIsAsked() {
    AtomicInteger asked = new AtomicInteger();
    HttpServletRequest other = request("GET", "/api/v1/bookings/1", asked);

    assertThat(mapping.getMatchingMapping(pets, other)).isNull();
    assertThat(asked).as("method lookups").hasValue(0);
  }

  @Test
  void aMatchingPathStillNeedsEveryOtherConditionToMatch() {
    AtomicInteger asked = new AtomicInteger();
    RequestMappingInfo found =
        mapping.getMatchingMapping(pets, request("GET", "/api/v1/households/1/pets", asked));
    assertThat(found).isNotNull();
    assertThat(asked.get()).isPositive();
    assertThat(
            mapping.getMatchingMapping(pets, request("POST", "/api/v1/households/1/pets", asked)))
        .isNull();
    MockHttpServletRequest xml = new MockHttpServletRequest("GET", "/api/v1/households/1/pets");
    xml.addHeader("Accept", "application/xml");
    ServletRequestPathUtils.parseAndCache(xml);
    assertThat(mapping.getMatchingMapping(pets, xml)).isNull();
  }

  @Test
  void theParsedPathIsReadOncePerLookupNotOncePerMapping() throws Exception {
    Handlers handlers = new Handlers();
    for (int i = 0; i < 20; i++) {
      mapping.registerMapping(
          RequestMappingInfo.paths("/api/v1/other" + i + "/{id}").build(),
          handlers,
          Handlers.class.getMethod("other"));
    }
    mapping.registerMapping(pets, handlers, Handlers.class.getMethod("pets"));
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/households/1/pets");
    request.addHeader("Accept", "application/json");
    ServletRequestPathUtils.parseAndCache(request);
    AtomicInteger reads = new AtomicInteger();
    HttpServletRequest wrapped =
        new HttpServletRequestWrapper(request) {
          @Override
          public Object getAttribute(String name) {
            if (ServletRequestPathUtils.PATH_ATTRIBUTE.equals(name)) {
              reads.incrementAndGet();
            }
            return super.getAttribute(name);
          }
        };

    HandlerExecutionChain found = mapping.getHandler(wrapped);

    assertThat(((HandlerMethod) found.getHandler()).getMethod().getName()).isEqualTo("pets");
    // Once to find the lookup path, once for all 21 mappings, once for the match's details.
    assertThat(reads).as("reads of the parsed path").hasValueLessThanOrEqualTo(3);
    // What the match writes reaches the request itself.
    assertThat(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE))
        .isEqualTo(Map.of("id", "1"));
    assertThat(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE).toString())
        .isEqualTo("/api/v1/households/{id}/pets");
  }

  /** Handlers for the lookup test. */
  public static final class Handlers {
    public void pets() {}

    public void other() {}
  }

  private static HttpServletRequest request(String method, String path, AtomicInteger asked) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    ServletRequestPathUtils.parseAndCache(request);
    return new HttpServletRequestWrapper(request) {
      @Override
      public String getMethod() {
        asked.incrementAndGet();
        return super.getMethod();
      }
    };
  }
}
