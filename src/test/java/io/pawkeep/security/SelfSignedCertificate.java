package io.pawkeep.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway RSA certificate for {@code localhost} made by the JDK's {@code keytool} for one test
 * run and written as PEM, the way an operator gives Pawkeep theirs: nothing of it is committed.
 */
public record SelfSignedCertificate(Path certificate, Path privateKey, X509Certificate x509) {

  public static SelfSignedCertificate create(Path folder)
      throws IOException, GeneralSecurityException {
    Path store = folder.resolve("throwaway.p12");
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    ProcessBuilder keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "pawkeep",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass:env",
                "STORE_PASSWORD")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    keytool.environment().put("STORE_PASSWORD", password);
    try {
      Process running = keytool.start();
      if (!running.waitFor(60, TimeUnit.SECONDS) || running.exitValue() != 0) {
        throw new IOException("keytool could not make a certificate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, password.toCharArray());
    }
    Files.delete(store);
    X509Certificate x509 = (X509Certificate) keys.getCertificate("pawkeep");
    Key key = keys.getKey("pawkeep", password.toCharArray());
    Path certificate = folder.resolve("certificate.pem");
    Path privateKey = folder.resolve("private-key.pem");
    Files.writeString(certificate, pem("CERTIFICATE", x509.getEncoded()));
    Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    return new SelfSignedCertificate(certificate, privateKey, x509);
  }

  /** A client that trusts this certificate alone. */
  public SSLContext trustingClient() throws GeneralSecurityException, IOException {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("pawkeep", x509);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
