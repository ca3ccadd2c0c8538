package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.apache.catalina.valves.AccessLogValve;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** An access log, when one is turned on, never writes a download link's token (FILE-3). */
class DownloadAccessLogTests {

  @Test
  void anAccessLogWritesTheDownloadPathWithoutItsToken() throws Exception {
    TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
    AccessLogValve common = new AccessLogValve();
    common.setPattern("common");
    AccessLogValve custom = new AccessLogValve();
    custom.setPattern("%t %U%q %s");
    factory.addEngineValves(common);
    factory.addContextValves(custom);

    new DownloadAccessLog.Patterns().customize(factory);

    assertThat(common.getPattern()).doesNotContain("%r").contains("%m %{pawkeep.logged-path}r %H");
    assertThat(custom.getPattern()).isEqualTo("%t %{pawkeep.logged-path}r%q %s");

    String token =
        new DownloadLinks(
                new byte[32], java.time.Duration.ofMinutes(5), java.time.Clock.systemUTC())
            .issue(UUID.randomUUID(), Variant.FILE, UUID.randomUUID())
            .url();
    for (String path : new String[] {token, token + "/more", "/api/v1/pets/1"}) {
      MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
      new DownloadAccessLog()
          .doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
      Object logged = request.getAttribute(DownloadAccessLog.LOGGED_PATH);
      if (path.startsWith(DownloadLinks.PATH)) {
        assertThat(logged).isEqualTo("/api/v1/files/{token}");
      } else {
        assertThat(logged).isEqualTo(path);
      }
    }
  }
}
