package io.pawkeep.security;

import static io.pawkeep.security.HandRolledClientHello.TLS_1_0;
import static io.pawkeep.security.HandRolledClientHello.TLS_1_1;
import static io.pawkeep.security.HandRolledClientHello.TLS_1_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.pawkeep.PawkeepApplication;
import io.pawkeep.security.HandRolledClientHello.Answer;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.TestFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * HARD-1: a production node serving TLS itself from a PEM certificate and key (a throwaway one made
 * for the run) speaks TLS 1.2 and 1.3 with strong suites only, sends HSTS, refuses plain HTTP on
 * its TLS port and only redirects on its optional plain port. Weak offers are hand-written
 * ClientHellos, so they are really sent whatever this JVM's client allows, and it is the server
 * that refuses them.
 */
class TlsTests extends ApiTestSupport {

  private static final String DISABLED = "jdk.tls.disabledAlgorithms";
  private static final String JDK_DISABLED = Security.getProperty(DISABLED);

  static {
    // The JDK refuses TLS 1.0, 1.1 and RSA key exchange by itself; allowed here, a refusal can
    // only come from Pawkeep's own settings. The JDK reads this once, at the first TLS use in the
    // JVM: when this class runs first (run it alone to see it), that is here.
    Security.setProperty(
        DISABLED, JDK_DISABLED.replaceAll("\\b(TLSv1|TLSv1\\.1|TLS_RSA_\\*),\\s*", ""));
  }

  @TempDir static Path files;
  private static SelfSignedCertificate certificate;
  private static ConfigurableApplicationContext production;

  @Autowired HikariDataSource database;

  @BeforeEach
  void startProductionWithTls() throws Exception {
    if (production == null) {
      certificate = SelfSignedCertificate.create(files);
      production =
          new SpringApplicationBuilder(PawkeepApplication.class)
              .profiles("prod")
              .run(
                  "--server.port=0",
                  "--pawkeep.data-dir=target/prod-tls",
                  "--pawkeep.database.url=" + database.getJdbcUrl(),
                  "--pawkeep.database.password=" + database.getPassword(),
                  "--pawkeep.database.owner-password=" + ownerPassword(),
                  "--pawkeep.crypto.master-key=" + sharedMasterKey(),
                  "--pawkeep.audit.checkpoint-key=" + random(32),
                  "--pawkeep.accounts.recovery-code-key=" + random(32),
                  "--pawkeep.jwt.keys.k1=" + random(32),
                  "--pawkeep.cors.allowed-origins=https://app.pawkeep.test",
                  "--pawkeep.admin.emails=admin@pawkeep.test,clinical-admin@pawkeep.test",
                  "--pawkeep.mail.base-url=https://pawkeep.test",
                  "--pawkeep.disclosure.contact=mailto:security@pawkeep.test",
                  "--pawkeep.backup.key=" + random(32),
                  // No proxy: TLS is Pawkeep's own.
                  "--pawkeep.tls.certificate=" + certificate.certificate(),
                  "--pawkeep.tls.private-key=" + certificate.privateKey(),
                  "--pawkeep.tls.http-redirect-port=0",
                  // Certificate files are re-read a second after they last changed (not 10 s).
                  "--spring.ssl.bundle.watch.file.quiet-period=1s");
    }
  }

  @AfterAll
  static void stopProductionNode() {
    if (production != null) {
      production.close();
    }
    Security.setProperty(DISABLED, JDK_DISABLED);
  }

  @ParameterizedTest
  @CsvSource({"TLSv1.2", "TLSv1.3"})
  void tls12And13HandshakesSucceedWithAStrongSuite(String protocol) throws Exception {
    try (SSLSocket socket =
        (SSLSocket)
            certificate.trustingClient().getSocketFactory().createSocket("localhost", tlsPort())) {
      socket.setEnabledProtocols(new String[] {protocol});
      socket.startHandshake();
      assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
      assertThat(TlsSettings.CIPHERS).contains(socket.getSession().getCipherSuite());
    }
  }

  @Test
  void aHandWrittenHelloWithAStrongSuiteIsAnswered() throws IOException {
    // ECDHE-RSA-AES128-GCM-SHA256: proves the hand-written hello itself is one servers accept.
    assertThat(HandRolledClientHello.send(tlsPort(), HandRolledClientHello.bytes(TLS_1_2, 0xc02f)))
        .isEqualTo(new Answer(true, null));
  }

  @ParameterizedTest
  @CsvSource({"769", "770"}) // 0x0301, 0x0302
  void tls10And11HandshakesAreRefusedByTheServer(int version) throws IOException {
    assertThat(version).isIn(TLS_1_0, TLS_1_1);
    // Suites a TLS 1.0/1.1 server could pick (CBC with SHA-1; the AEAD suites need TLS 1.2).
    byte[] hello = HandRolledClientHello.bytes(version, 0xc013, 0xc014, 0x002f, 0x0035);
    assertThat(hello[9] << 8 | hello[10]).as("the hello offers the old version").isEqualTo(version);
    assertThat(HandRolledClientHello.send(tlsPort(), hello))
        .isEqualTo(new Answer(false, HandRolledClientHello.PROTOCOL_VERSION));
  }

  @ParameterizedTest
  @CsvSource({
    "0xc013, TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "0xc027, TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    "0xc014, TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "0x009c, TLS_RSA_WITH_AES_128_GCM_SHA256",
    "0x002f, TLS_RSA_WITH_AES_128_CBC_SHA"
  })
  void weakSuitesAreRefusedByTheServerOverTls12(String code, String name) throws IOException {
    Answer answer =
        HandRolledClientHello.send(
            tlsPort(), HandRolledClientHello.bytes(TLS_1_2, Integer.decode(code)));
    assertThat(answer.serverHello()).as(name).isFalse();
    assertThat(answer.alert())
        .as(name)
        .isIn(HandRolledClientHello.HANDSHAKE_FAILURE, HandRolledClientHello.INSUFFICIENT_SECURITY);
  }

  @Test
  void answersOverTlsCarryStrictTransportSecurityForAYearWithSubdomains() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(certificate.trustingClient()).build();
    for (String path : new String[] {"/actuator/health", "/sign-in", "/api/v1/me"}) {
      HttpResponse<String> answer =
          client.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + tlsPort() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.headers().firstValue("Strict-Transport-Security"))
          .as(path)
          .hasValue("max-age=31536000 ; includeSubDomains");
    }
  }

  @Test
  void plainHttpOnTheTlsPortIsRefused() throws IOException {
    try (Socket socket = new Socket("localhost", tlsPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("UP");
    }
  }

  @Test
  void thePlainPortOnlyRedirectsReadsToHttpsAndRefusesWrites() throws Exception {
    HttpClient plain = HttpClient.newHttpClient();
    String base = "http://localhost:" + plainPort();
    HttpResponse<String> read =
        plain.send(
            HttpRequest.newBuilder(URI.create(base + "/sign-in?from=mail")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).isEqualTo(301);
    assertThat(read.headers().firstValue("Location"))
        .hasValue("https://localhost:" + tlsPort() + "/sign-in?from=mail");
    assertThat(read.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(read.headers().firstValue("Strict-Transport-Security")).isEmpty();

    HttpResponse<String> write =
        plain.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.org\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(write.statusCode()).isEqualTo(400);
    assertThat(write.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(write.headers().firstValue("Location")).isEmpty();
    assertThat(write.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void aRenewedCertificateIsServedWithoutARestart() throws Exception {
    Path renewal = Files.createDirectories(files.resolve("renewal"));
    SelfSignedCertificate renewed = SelfSignedCertificate.create(renewal);
    Path original = Files.createDirectories(files.resolve("original"));
    Files.copy(certificate.certificate(), original.resolve("certificate.pem"));
    Files.copy(certificate.privateKey(), original.resolve("private-key.pem"));
    try {
      replaceFiles(renewal);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> servedCertificate().equals(renewed.x509()));
    } finally {
      // The other tests trust the first certificate only.
      replaceFiles(original);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> servedCertificate().equals(certificate.x509()));
    }
  }

  private static void replaceFiles(Path from) throws IOException {
    Files.copy(
        from.resolve("private-key.pem"),
        certificate.privateKey(),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        from.resolve("certificate.pem"),
        certificate.certificate(),
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** The certificate the server presents now, read without trusting it. */
  private static Certificate servedCertificate() throws Exception {
    SSLContext any = SSLContext.getInstance("TLS");
    any.init(null, new TrustManager[] {new AnyCertificate()}, null);
    try (SSLSocket socket =
        (SSLSocket) any.getSocketFactory().createSocket("localhost", tlsPort())) {
      socket.startHandshake();
      return socket.getSession().getPeerCertificates()[0];
    }
  }

  /** Reads whatever certificate a server presents; used only to see which one it is. */
  private static final class AnyCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private static int tlsPort() {
    return ((WebServerApplicationContext) production).getWebServer().getPort();
  }

  private static int plainPort() {
    return Arrays.stream(
            ((TomcatWebServer) ((WebServerApplicationContext) production).getWebServer())
                .getTomcat()
                .getService()
                .findConnectors())
        .filter(connector -> !connector.getSecure())
        .mapToInt(Connector::getLocalPort)
        .findFirst()
        .orElseThrow();
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
