package io.pawkeep.security;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * HARD-1: the optional plain-HTTP port does one thing: it sends a browser that typed {@code
 * http://} to the same address over TLS. Nothing behind it runs (no page, no session, no cookie),
 * and a request that carries a body (a form post, an API call) is refused rather than redirected:
 * its content already crossed the network in clear, and repeating it over TLS would hide that.
 */
final class HttpsRedirect extends ValveBase {

  private final Connector plain;
  private final Integer publicPort;

  /**
   * @param plain the plain-HTTP connector this valve answers for
   * @param publicPort the TLS port browsers reach, when it is not the TLS connector's own (a port
   *     mapping in front of Pawkeep); {@code null} for the connector's own
   */
  HttpsRedirect(Connector plain, Integer publicPort) {
    super(true);
    this.plain = plain;
    this.publicPort = publicPort;
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    if (request.getConnector() != plain) {
      getNext().invoke(request, response);
      return;
    }
    response.setHeader("Cache-Control", "no-store");
    String method = request.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      byte[] body =
          ("{\"type\":\"about:blank\",\"title\":\"HTTPS required\",\"status\":400,"
                  + "\"detail\":\"Pawkeep answers over HTTPS only.\"}")
              .getBytes(StandardCharsets.UTF_8);
      response.setStatus(400);
      response.setContentType("application/problem+json");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      return;
    }
    int port = publicPort != null ? publicPort : tlsPort(request);
    String query = request.getQueryString();
    response.setStatus(301);
    response.setHeader(
        "Location",
        "https://"
            + request.getServerName()
            + (port == 443 ? "" : ":" + port)
            + request.getRequestURI()
            + (query == null ? "" : "?" + query));
  }

  private static int tlsPort(Request request) {
    return Arrays.stream(request.getConnector().getService().findConnectors())
        .filter(Connector::getSecure)
        .mapToInt(Connector::getLocalPort)
        .findFirst()
        .orElse(443);
  }
}
