package io.pawkeep.visits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The service worker may take the scope {@code /visits}; no other file gets the header. */
class ServiceWorkerScopeTests {

  @Test
  void theServiceWorkerMayControlTheVisitAppAndNothingElse() throws Exception {
    MockHttpServletResponse worker = run("/visits/sw.js");
    assertThat(worker.getHeader("Service-Worker-Allowed")).isEqualTo("/visits");
    assertThat(worker.getHeader("Cache-Control")).isEqualTo("no-cache");

    for (String other : new String[] {"/js/visits/app.js", "/visits", "/sw.js"}) {
      assertThat(run(other).getHeader("Service-Worker-Allowed")).as(other).isNull();
    }
  }

  private static MockHttpServletResponse run(String path) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    MockHttpServletResponse response = new MockHttpServletResponse();
    new ServiceWorkerScope().doFilter(request, response, new MockFilterChain());
    return response;
  }
}
