package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.pawkeep.PawkeepApplication;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.TestFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * HARD-7: a node started with the {@code prod} profile (on the tests' database) serves metrics only
 * on the management port and describes its API only when asked to; health stays available.
 */
class ProductionExposureTests extends ApiTestSupport {

  @Autowired HikariDataSource database;
  private ConfigurableApplicationContext production;

  @AfterEach
  void stopProductionNode() {
    if (production != null) {
      production.close();
    }
  }

  @Test
  void productionServesMetricsOnlyOnTheManagementPortAndDescribesNoApiByDefault() {
    ApiClient main = startProduction("--management.server.port=0");
    ApiClient management =
        new ApiClient(
            Integer.parseInt(production.getEnvironment().getProperty("local.management.port")));
    assertThat(main.get("/actuator/prometheus", null).status()).isEqualTo(404);
    assertThat(main.get("/v3/api-docs", null).status()).isEqualTo(404);
    assertThat(main.get("/swagger-ui.html", null).status()).isEqualTo(404);
    assertThat(main.get("/swagger-ui/index.html", null).status()).isEqualTo(404);
    assertThat(management.get("/actuator/prometheus", null).status()).isEqualTo(200);
    assertThat(management.get("/actuator/health", null).status()).isEqualTo(200);
  }

  @Test
  void withoutAManagementPortProductionKeepsHealthButNotMetricsOnTheMainPort() {
    ApiClient main = startProduction("--pawkeep.api-docs=true");
    assertThat(main.get("/actuator/health", null).status()).isEqualTo(200);
    assertThat(main.get("/actuator/prometheus", null).status()).isEqualTo(404);
    assertThat(main.get("/actuator/prometheus/", null).status()).isEqualTo(404);
    assertThat(main.get("/actuator/prometheus;x=1", null).status()).isEqualTo(404);
    assertThat(main.get("/actuator//prometheus", null).status()).isEqualTo(404);
    // PAWKEEP_API_DOCS=true turns the description back on.
    assertThat(main.get("/v3/api-docs", null).raw()).contains("/api/v1/auth/login");
  }

  private ApiClient startProduction(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--pawkeep.data-dir=target/prod-exposure",
                "--pawkeep.database.url=" + database.getJdbcUrl(),
                // The tests' embedded server requires its generated passwords.
                "--pawkeep.database.password=" + database.getPassword(),
                "--pawkeep.database.owner-password=" + ownerPassword(),
                "--pawkeep.crypto.master-key=" + sharedMasterKey(),
                "--pawkeep.audit.checkpoint-key=" + random(32),
                "--pawkeep.accounts.recovery-code-key=" + random(32),
                "--pawkeep.backup.key=" + random(32),
                "--pawkeep.jwt.keys.k1=" + random(32),
                "--pawkeep.cors.allowed-origins=https://app.pawkeep.test",
                // The test database's operators, so this node changes nothing for other tests.
                "--pawkeep.admin.emails=admin@pawkeep.test,clinical-admin@pawkeep.test",
                "--pawkeep.http.trusted-proxies=127.0.0.1/32",
                "--pawkeep.mail.base-url=https://pawkeep.test",
                "--pawkeep.disclosure.contact=mailto:security@pawkeep.test"));
    args.addAll(List.of(extra));
    production =
        new SpringApplicationBuilder(PawkeepApplication.class)
            .profiles("prod")
            .run(args.toArray(String[]::new));
    return new ApiClient(((WebServerApplicationContext) production).getWebServer().getPort());
  }

  private static String ownerPassword() {
    try {
      return Files.readString(TestFolders.data().resolve("keys/database-owner-dev.password"))
          .strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /**
   * The master key of the test database's data: the signing keys stored there are sealed under it,
   * and a node whose master key does not open them refuses to start (SESS-1).
   */
  private static String sharedMasterKey() {
    return LocalSecrets.loadOrCreate(TestFolders.data(), "master-dev.key", 32);
  }
}
