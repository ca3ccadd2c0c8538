package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.PawkeepApplication;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

class ProductionProfileTests {

  @Test
  void productionRefusesToStartWithMissingSecrets() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(PawkeepApplication.class)
                    .profiles("prod")
                    .properties("server.port=0", "pawkeep.data-dir=target/prod-refused")
                    .run())
        .hasStackTraceContaining("refuses to start in production")
        .hasStackTraceContaining("PAWKEEP_DATABASE_URL")
        .hasStackTraceContaining("PAWKEEP_CRYPTO_MASTER_KEY")
        .hasStackTraceContaining("PAWKEEP_AUDIT_CHECKPOINT_KEY")
        .hasStackTraceContaining("PAWKEEP_ACCOUNTS_RECOVERY_CODE_KEY")
        .hasStackTraceContaining("PAWKEEP_BACKUP_KEY");
  }

  @Test
  void productionNeedsNoConfiguredSigningKeySinceTheDatabaseKeepsThemButRefusesAShortOne() {
    MockEnvironment env = production();
    ((java.util.Map<?, ?>)
            env.getPropertySources()
                .get(
                    org.springframework.mock.env.MockPropertySource
                        .MOCK_PROPERTIES_PROPERTY_SOURCE_NAME)
                .getSource())
        .remove("pawkeep.jwt.keys.k1");
    assertThat(env.getProperty("pawkeep.jwt.keys.k1")).isNull();
    assertThat(ProductionReadiness.problems(env)).isEmpty();
    env.setProperty("pawkeep.jwt.keys.k1", random(16));
    assertThat(ProductionReadiness.problems(env))
        .containsExactly("signing key 'k1' must be at least 256 bits of base64");
  }

  @Test
  void productionRefusesABackupKeyThatIsNot32Bytes() {
    MockEnvironment env = production();
    env.setProperty("pawkeep.backup.key", random(16));
    assertThat(ProductionReadiness.problems(env))
        .containsExactly("PAWKEEP_BACKUP_KEY must be 32 random bytes in base64");
  }

  @Test
  void productionRefusesDefaultAndShortSecrets() {
    MockEnvironment env = production();
    env.setProperty("pawkeep.database.password", "changeme");
    env.setProperty("pawkeep.jwt.keys.k1", Base64.getEncoder().encodeToString(new byte[16]));
    env.setProperty("pawkeep.crypto.previous-master-keys", random(32) + "," + random(16));
    env.setProperty("pawkeep.accounts.recovery-code-key", random(16));
    assertThat(ProductionReadiness.problems(env))
        .anyMatch(p -> p.contains("PAWKEEP_ACCOUNTS_RECOVERY_CODE_KEY"))
        .anyMatch(p -> p.contains("PAWKEEP_DATABASE_PASSWORD"))
        .anyMatch(p -> p.contains("signing key 'k1'"))
        .anyMatch(p -> p.contains("PAWKEEP_CRYPTO_PREVIOUS_MASTER_KEYS"))
        .noneMatch(p -> p.contains("changeme"));
  }

  @Test
  void productionWithEverySecretAndAProxyIsAccepted() {
    assertThat(ProductionReadiness.problems(production())).isEmpty();
  }

  @Test
  void productionWithoutTlsOrADeclaredProxyIsRefused() {
    MockEnvironment env = production();
    env.setProperty("pawkeep.http.trusted-proxies", "");
    assertThat(ProductionReadiness.problems(env)).anyMatch(p -> p.contains("TLS"));
  }

  @Test
  void onlyTheTrustedProxyListDeclaresAProxyNotTomcatsForwardedHeaders() {
    MockEnvironment env = production();
    env.setProperty("pawkeep.http.trusted-proxies", "");
    env.setProperty("server.forward-headers-strategy", "native");
    assertThat(ProductionReadiness.problems(env))
        .anyMatch(p -> p.contains("TLS") && p.contains("PAWKEEP_TRUSTED_PROXIES"))
        .anyMatch(p -> p.contains("SERVER_FORWARD_HEADERS_STRATEGY must be none"));
  }

  @Test
  void productionRefusesToLockClinicalEntriesByTheRequestsTime() {
    MockEnvironment env = production();
    env.setProperty("pawkeep.clinical.lock-on-request-time", "true");
    assertThat(ProductionReadiness.problems(env))
        .containsExactly("pawkeep.clinical.lock-on-request-time is for tests only");
  }

  @Test
  void productionRefusesALiveStripeKeyWithoutBothWebhookSecrets() {
    MockEnvironment env = production();
    env.setProperty("pawkeep.stripe.secret-key", "sk_live_" + "x".repeat(24));
    env.setProperty("pawkeep.stripe.webhook-secret", "whsec_" + "y".repeat(24));
    assertThat(ProductionReadiness.problems(env))
        .containsExactly(
            "a live PAWKEEP_STRIPE_SECRET_KEY needs PAWKEEP_STRIPE_WEBHOOK_SECRET and"
                + " PAWKEEP_STRIPE_CONNECT_WEBHOOK_SECRET");
    env.setProperty("pawkeep.stripe.secret-key", "rk_live_" + "x".repeat(24));
    env.setProperty("pawkeep.stripe.webhook-secret", "");
    env.setProperty("pawkeep.stripe.connect-webhook-secret", "whsec_" + "z".repeat(24));
    assertThat(ProductionReadiness.problems(env)).hasSize(1).noneMatch(p -> p.contains("xxxx"));
    env.setProperty("pawkeep.stripe.webhook-secret", "whsec_" + "y".repeat(24));
    assertThat(ProductionReadiness.problems(env)).isEmpty();
  }

  @Test
  void productionAcceptsATestStripeKeyWithoutWebhookSecretsAndNoKeyAtAll() {
    MockEnvironment env = production();
    assertThat(ProductionReadiness.problems(env)).isEmpty();
    env.setProperty("pawkeep.stripe.secret-key", "sk_test_" + "x".repeat(24));
    assertThat(ProductionReadiness.problems(env)).isEmpty();
  }

  @Test
  void productionRefusesAStripeApiBaseOtherThanStripes() {
    MockEnvironment env = production();
    env.setProperty("pawkeep.stripe.api-base", "http://127.0.0.1:9999");
    assertThat(ProductionReadiness.problems(env))
        .containsExactly("pawkeep.stripe.api-base is for tests only");
  }

  @Test
  void productionServingItsOwnTlsNeedsNoProxy() {
    MockEnvironment env = production();
    env.setProperty("pawkeep.http.trusted-proxies", "");
    env.setProperty("pawkeep.tls.certificate", "/etc/pawkeep/tls/chain.pem");
    env.setProperty("pawkeep.tls.private-key", "/etc/pawkeep/tls/key.pem");
    new TlsSettings().postProcessEnvironment(env, null);
    assertThat(ProductionReadiness.problems(env)).isEmpty();
  }

  @Test
  void productionRefusesTlsGivenStraightToSpringBootWhichWouldNotFixProtocolsAndSuites() {
    for (String[] setting :
        new String[][] {
          {"server.ssl.bundle", "mine"},
          {"server.ssl.key-store", "/etc/pawkeep/keystore.p12"},
          {"server.ssl.certificate", "/etc/pawkeep/tls/chain.pem"}
        }) {
      MockEnvironment env = production();
      env.setProperty("pawkeep.http.trusted-proxies", "");
      env.setProperty(setting[0], setting[1]);
      assertThat(ProductionReadiness.problems(env))
          .as(setting[0])
          .contains(
              "serve TLS through PAWKEEP_TLS_CERTIFICATE and PAWKEEP_TLS_PRIVATE_KEY, not"
                  + " server.ssl.*")
          .anyMatch(p -> p.contains("PAWKEEP_TRUSTED_PROXIES"));
    }
  }

  @Test
  void productionRefusesToStartWithoutASecurityContactOrWithPlainHttpDisclosureLinks() {
    MockEnvironment env = production();
    env.setProperty("pawkeep.disclosure.contact", "");
    env.setProperty("pawkeep.mail.base-url", "http://pawkeep.example");
    assertThat(ProductionReadiness.problems(env))
        .anyMatch(p -> p.startsWith("PAWKEEP_DISCLOSURE_CONTACT is required"))
        .anyMatch(p -> p.startsWith("pawkeep.disclosure.policy must be an https:// address"))
        .anyMatch(p -> p.startsWith("pawkeep.disclosure.canonical must be an https:// address"));
    env.setProperty("pawkeep.disclosure.contact", "mailto:security@pawkeep.example");
    env.setProperty("pawkeep.disclosure.policy", "https://pawkeep.example/security");
    env.setProperty(
        "pawkeep.disclosure.canonical", "https://pawkeep.example/.well-known/security.txt");
    assertThat(ProductionReadiness.problems(env)).isEmpty();
  }

  private static MockEnvironment production() {
    MockEnvironment env = new MockEnvironment();
    env.setActiveProfiles("prod");
    env.setProperty("pawkeep.database.url", "jdbc:postgresql://db.internal/pawkeep");
    env.setProperty("pawkeep.database.password", random(24));
    env.setProperty("pawkeep.database.owner-password", random(24));
    env.setProperty("pawkeep.crypto.master-key", random(32));
    env.setProperty("pawkeep.audit.checkpoint-key", random(32));
    env.setProperty("pawkeep.accounts.recovery-code-key", random(32));
    env.setProperty("pawkeep.backup.key", random(32));
    env.setProperty("pawkeep.jwt.keys.k1", random(32));
    env.setProperty("pawkeep.cors.allowed-origins", "https://app.pawkeep.example");
    env.setProperty("pawkeep.admin.emails", "ops@pawkeep.example");
    env.setProperty("pawkeep.http.trusted-proxies", "10.0.0.0/8,fd00::/8");
    env.setProperty("pawkeep.mail.base-url", "https://pawkeep.example");
    env.setProperty("pawkeep.disclosure.contact", "mailto:security@pawkeep.example");
    return env;
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
