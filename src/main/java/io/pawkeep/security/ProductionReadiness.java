package io.pawkeep.security;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * In the {@code prod} profile, refuses to start before any bean is created when a secret is
 * missing, a known default or too short, or when development conveniences would be active. The
 * message names the settings, never their values.
 */
final class ProductionReadiness implements BeanFactoryPostProcessor, EnvironmentAware {

  private static final Set<String> DEFAULTS =
      Set.of("", "changeme", "change-me", "password", "secret", "postgres", "pawkeep", "admin");

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    if (environment.acceptsProfiles(Profiles.of("prod"))) {
      List<String> problems = problems(environment);
      if (!problems.isEmpty()) {
        throw new IllegalStateException(
            "Pawkeep refuses to start in production: " + String.join("; ", problems));
      }
    }
  }

  static List<String> problems(Environment env) {
    List<String> problems = new ArrayList<>();
    if (env.acceptsProfiles(Profiles.of("dev", "test"))) {
      problems.add("the prod profile cannot be combined with dev or test");
    }
    if (blank(env.getProperty("pawkeep.database.url"))) {
      problems.add("PAWKEEP_DATABASE_URL is required (no embedded database in production)");
    }
    requireSecret(env, "pawkeep.database.password", "PAWKEEP_DATABASE_PASSWORD", problems);
    requireSecret(
        env, "pawkeep.database.owner-password", "PAWKEEP_DATABASE_OWNER_PASSWORD", problems);
    String master = env.getProperty("pawkeep.crypto.master-key", "");
    if (decodedLength(master) != 32) {
      problems.add("PAWKEEP_CRYPTO_MASTER_KEY must be 32 random bytes in base64");
    }
    for (String previous :
        Binder.get(env)
            .bind("pawkeep.crypto.previous-master-keys", Bindable.listOf(String.class))
            .orElse(List.of())) {
      if (decodedLength(previous) != 32) {
        problems.add("each of PAWKEEP_CRYPTO_PREVIOUS_MASTER_KEYS must be 32 bytes in base64");
      }
    }
    if (decodedLength(env.getProperty("pawkeep.audit.checkpoint-key", "")) < 32) {
      problems.add("PAWKEEP_AUDIT_CHECKPOINT_KEY must be at least 32 random bytes in base64");
    }
    if (decodedLength(env.getProperty("pawkeep.accounts.recovery-code-key", "")) < 32) {
      problems.add("PAWKEEP_ACCOUNTS_RECOVERY_CODE_KEY must be at least 32 random bytes in base64");
    }
    // AVAIL-1: backups are sealed with a key kept apart from them, never one generated beside them.
    if (decodedLength(env.getProperty("pawkeep.backup.key", "")) != 32) {
      problems.add("PAWKEEP_BACKUP_KEY must be 32 random bytes in base64");
    }
    var keys =
        Binder.get(env)
            .bind("pawkeep.jwt.keys", Bindable.mapOf(String.class, String.class))
            .orElse(java.util.Map.of());
    // SESS-1: signing keys live in the database, wrapped by the master key (security/SigningKeys);
    // configured ones are only imported on first start, so none is required, but any given must
    // be strong.
    keys.forEach(
        (id, value) -> {
          if (decodedLength(value) < SigningKeyRing.MIN_KEY_BYTES) {
            problems.add("signing key '" + id + "' must be at least 256 bits of base64");
          }
        });
    if (Binder.get(env)
        .bind("pawkeep.cors.allowed-origins", Bindable.listOf(String.class))
        .map(List::isEmpty)
        .orElse(true)) {
      problems.add("PAWKEEP_CORS_ALLOWED_ORIGINS is required");
    }
    if (Binder.get(env)
        .bind("pawkeep.admin.emails", Bindable.listOf(String.class))
        .map(List::isEmpty)
        .orElse(true)) {
      problems.add("PAWKEEP_ADMIN_EMAILS is required (operator allowlist)");
    }
    // HARD-1: Pawkeep serves TLS only through its own settings, which fix the protocols and suites
    // (TlsSettings); a key store or bundle given straight to Spring Boot would not.
    boolean tls = !blank(env.getProperty("pawkeep.tls.certificate"));
    String bundle = env.getProperty("server.ssl.bundle", "");
    if (!blank(env.getProperty("server.ssl.key-store"))
        || !blank(env.getProperty("server.ssl.certificate"))
        || (!blank(bundle) && !(tls && TlsSettings.BUNDLE.equals(bundle)))) {
      problems.add(
          "serve TLS through PAWKEEP_TLS_CERTIFICATE and PAWKEEP_TLS_PRIVATE_KEY, not server.ssl.*");
    }
    // HARD-1, AUTH-5: the TLS-terminating proxy is declared by listing it, the one list forwarded
    // headers are believed from; Tomcat's or Spring's own forwarded-header handling never is.
    boolean proxy =
        Binder.get(env)
            .bind("pawkeep.http.trusted-proxies", Bindable.listOf(String.class))
            .map(list -> list.stream().anyMatch(p -> !blank(p)))
            .orElse(false);
    if (!tls && !proxy) {
      problems.add(
          "serve TLS (PAWKEEP_TLS_CERTIFICATE, PAWKEEP_TLS_PRIVATE_KEY) or declare the"
              + " TLS-terminating proxy (PAWKEEP_TRUSTED_PROXIES)");
    }
    if (!"none".equalsIgnoreCase(env.getProperty("server.forward-headers-strategy", "none"))) {
      problems.add(
          "SERVER_FORWARD_HEADERS_STRATEGY must be none: declare proxies in"
              + " PAWKEEP_TRUSTED_PROXIES");
    }
    disclosureProblems(env, problems);
    stripeProblems(env, problems);
    // DOM-8: a test convenience that lets the request's time, which the caller sets, decide when
    // clinical entries lock; production locks them by the database's own clock.
    if (env.getProperty("pawkeep.clinical.lock-on-request-time", Boolean.class, false)) {
      problems.add("pawkeep.clinical.lock-on-request-time is for tests only");
    }
    return problems;
  }

  /**
   * HARD-6: security.txt needs a real contact, and its policy and canonical links must be HTTPS
   * (RFC 9116), which they are when they follow the public address.
   */
  private static void disclosureProblems(Environment env, List<String> problems) {
    if (Binder.get(env)
        .bind("pawkeep.disclosure.contact", Bindable.listOf(String.class))
        .map(list -> list.stream().allMatch(ProductionReadiness::blank))
        .orElse(true)) {
      problems.add(
          "PAWKEEP_DISCLOSURE_CONTACT is required (mailto: or https: address for security"
              + " reports)");
    }
    String base = env.getProperty("pawkeep.mail.base-url", "");
    for (String link : new String[] {"policy", "canonical"}) {
      String value = env.getProperty("pawkeep.disclosure." + link, base);
      if (!value.startsWith("https://")) {
        problems.add(
            "pawkeep.disclosure."
                + link
                + " must be an https:// address (set PAWKEEP_MAIL_BASE_URL to the public https://"
                + " address, or PAWKEEP_DISCLOSURE_"
                + link.toUpperCase(Locale.ROOT)
                + ")");
      }
    }
  }

  /**
   * PAY-3, CRYPTO-4: a live Stripe key moves real money, so it needs both webhook signing secrets
   * (without them no payment could ever be confirmed, and nothing could tell Stripe's events from
   * forged ones); and the API base stays Stripe's, since whatever it points at receives the key.
   */
  private static void stripeProblems(Environment env, List<String> problems) {
    String key = env.getProperty("pawkeep.stripe.secret-key", "").strip();
    if ((key.startsWith("sk_live_") || key.startsWith("rk_live_"))
        && (blank(env.getProperty("pawkeep.stripe.webhook-secret"))
            || blank(env.getProperty("pawkeep.stripe.connect-webhook-secret")))) {
      problems.add(
          "a live PAWKEEP_STRIPE_SECRET_KEY needs PAWKEEP_STRIPE_WEBHOOK_SECRET and"
              + " PAWKEEP_STRIPE_CONNECT_WEBHOOK_SECRET");
    }
    String base = env.getProperty("pawkeep.stripe.api-base", "https://api.stripe.com").strip();
    if (!base.replaceAll("/+$", "").equals("https://api.stripe.com")) {
      problems.add("pawkeep.stripe.api-base is for tests only");
    }
  }

  private static void requireSecret(
      Environment env, String property, String variable, List<String> problems) {
    String value = env.getProperty(property, "");
    if (DEFAULTS.contains(value.toLowerCase(Locale.ROOT)) || value.length() < 16) {
      problems.add(variable + " must be set to a strong password of at least 16 characters");
    }
  }

  private static int decodedLength(String base64) {
    try {
      return base64 == null ? 0 : Base64.getDecoder().decode(base64.trim()).length;
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
