package io.pawkeep.bench;

import io.pawkeep.accounts.WebSessionsForLoad;
import io.pawkeep.security.AccessTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The application under load for {@code bench/pages-load.sh} ({@link BenchServer}): the households,
 * owners and pets of {@link PetsLoadServer}, and for each owner a browser session opened by the
 * sign-in page's session service and an access token for the API. Writes {@code pages-targets.tsv}:
 * household id, its first pet's id, the access token and the session cookie's secret, one owner a
 * line.
 */
final class PagesLoadServer {

  private PagesLoadServer() {}

  public static void main(String[] args) {
    BenchServer.serve(
        args,
        server -> {
          server.seed(PetsLoadServer::seed);
          AccessTokens tokens = server.bean(AccessTokens.class);
          WebSessionsForLoad browsers = new WebSessionsForLoad(server.context());
          List<String> targets = new ArrayList<>();
          for (int n = 1; n <= PetsLoadServer.HOUSEHOLDS; n++) {
            UUID owner = PetsLoadServer.id("8001", n);
            String token = tokens.issue(owner, PetsLoadServer.id("8002", n), false).value();
            targets.add(
                String.join(
                    "\t",
                    PetsLoadServer.id("8000", n).toString(),
                    PetsLoadServer.id("8003", n * 10L + 1).toString(),
                    token,
                    browsers.open(owner)));
          }
          server.ready(Map.of("pages-targets.tsv", targets));
        });
  }
}
