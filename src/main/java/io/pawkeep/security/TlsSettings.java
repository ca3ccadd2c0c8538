package io.pawkeep.security;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * HARD-1: when {@code PAWKEEP_TLS_CERTIFICATE} and {@code PAWKEEP_TLS_PRIVATE_KEY} name a PEM
 * certificate chain and its private key, Pawkeep serves TLS itself through a Spring Boot SSL bundle
 * of its own ({@value #BUNDLE}): TLS 1.2 and 1.3 only, forward-secret AEAD suites only, the files
 * re-read when they change. The settings are put first, so no other setting can weaken them.
 */
final class TlsSettings implements EnvironmentPostProcessor {

  static final String BUNDLE = "pawkeep";

  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /**
   * TLS 1.3's suites, then TLS 1.2's with an ephemeral key exchange (ECDHE) and an AEAD cipher
   * (AES-GCM, ChaCha20-Poly1305); no CBC, no static RSA key exchange, no SHA-1 MAC.
   */
  static final List<String> CIPHERS =
      List.of(
          "TLS_AES_256_GCM_SHA384",
          "TLS_AES_128_GCM_SHA256",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private static final String PREFIX = "spring.ssl.bundle.pem." + BUNDLE + ".";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    String certificate = environment.getProperty("pawkeep.tls.certificate", "").strip();
    String privateKey = environment.getProperty("pawkeep.tls.private-key", "").strip();
    if (certificate.isEmpty() && privateKey.isEmpty()) {
      return;
    }
    if (certificate.isEmpty() || privateKey.isEmpty()) {
      throw new IllegalStateException(
          "PAWKEEP_TLS_CERTIFICATE and PAWKEEP_TLS_PRIVATE_KEY must be given together");
    }
    Map<String, Object> tls = new LinkedHashMap<>();
    tls.put(PREFIX + "keystore.certificate", location(certificate));
    tls.put(PREFIX + "keystore.private-key", location(privateKey));
    String password = environment.getProperty("pawkeep.tls.private-key-password", "");
    if (!password.isEmpty()) {
      tls.put(PREFIX + "keystore.private-key-password", password);
    }
    tls.put(PREFIX + "keystore.verify-keys", "true");
    tls.put(
        PREFIX + "reload-on-update",
        environment.getProperty("pawkeep.tls.reload-on-update", "true"));
    tls.put(PREFIX + "options.enabled-protocols", String.join(",", PROTOCOLS));
    tls.put(PREFIX + "options.ciphers", String.join(",", CIPHERS));
    tls.put("server.ssl.enabled", "true");
    tls.put("server.ssl.bundle", BUNDLE);
    environment.getPropertySources().addFirst(new MapPropertySource("pawkeepTls", tls));
  }

  /** A plain path is a file (Spring would otherwise look for it on the class path). */
  private static String location(String path) {
    return path.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !path.matches("^[a-zA-Z]:\\\\.*")
        ? path
        : Path.of(path).toAbsolutePath().toUri().toString();
  }
}
