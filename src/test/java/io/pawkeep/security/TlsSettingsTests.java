package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** HARD-1: what Pawkeep's TLS settings become in Spring Boot's SSL bundle and server settings. */
class TlsSettingsTests {

  @Test
  void aCertificateAndKeyBecomePawkeepsBundleWithTls12And13AndStrongSuitesOnly() {
    MockEnvironment env = new MockEnvironment();
    env.setProperty("pawkeep.tls.certificate", "/etc/pawkeep/tls/chain.pem");
    env.setProperty("pawkeep.tls.private-key", "/etc/pawkeep/tls/key.pem");
    // A weaker setting given straight to the bundle does not win over Pawkeep's.
    env.setProperty("spring.ssl.bundle.pem.pawkeep.options.enabled-protocols", "TLSv1,TLSv1.2");
    new TlsSettings().postProcessEnvironment(env, null);
    String bundle = "spring.ssl.bundle.pem.pawkeep.";
    assertThat(env.getProperty("server.ssl.bundle")).isEqualTo("pawkeep");
    assertThat(env.getProperty(bundle + "keystore.certificate"))
        .isEqualTo("file:///etc/pawkeep/tls/chain.pem");
    assertThat(env.getProperty(bundle + "keystore.private-key"))
        .isEqualTo("file:///etc/pawkeep/tls/key.pem");
    assertThat(env.getProperty(bundle + "reload-on-update")).isEqualTo("true");
    assertThat(env.getProperty(bundle + "options.enabled-protocols")).isEqualTo("TLSv1.3,TLSv1.2");
    assertThat(env.getProperty(bundle + "options.ciphers").split(","))
        .allMatch(
            suite ->
                suite.startsWith("TLS_AES_")
                    || suite.startsWith("TLS_CHACHA20_")
                    || suite.startsWith("TLS_ECDHE_"))
        .allMatch(suite -> suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_"));
  }

  @Test
  void withoutSettingsNothingChanges() {
    MockEnvironment env = new MockEnvironment();
    new TlsSettings().postProcessEnvironment(env, null);
    assertThat(env.getProperty("server.ssl.bundle")).isNull();
  }

  @Test
  void aCertificateWithoutItsKeyRefusesToStart() {
    MockEnvironment env = new MockEnvironment();
    env.setProperty("pawkeep.tls.certificate", "/etc/pawkeep/tls/chain.pem");
    assertThatThrownBy(() -> new TlsSettings().postProcessEnvironment(env, null))
        .hasMessageContaining("PAWKEEP_TLS_PRIVATE_KEY");
  }
}
