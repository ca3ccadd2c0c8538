package io.pawkeep.security;

import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The HTTP security of the API ({@code /api/**}): stateless bearer tokens (or a business's API key,
 * {@code Authorization: ApiKey <secret>}, on {@link #API_KEY_ROUTES} only), one generic 401,
 * security headers, CORS only for configured origins. Cross-site request forgery needs a cookie to
 * forge; the API reads no cookies, so it needs no CSRF token. Everything else is the browser app,
 * {@link WebSecurityConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  JwtProperties.class,
  RateLimitProperties.class,
  HttpSecurityProperties.class,
  DataDirProperties.class,
  HstsProperties.class,
  PrivacyProperties.class
})
class SecurityConfiguration {

  /**
   * The only routes a business's API key may call (GET, its own business; the database decides what
   * its scope lets it see). Everything else, /api/v1/me and households included, needs a user's
   * access token.
   */
  static final String[] API_KEY_ROUTES = {
    "/api/v1/businesses/*", "/api/v1/businesses/*/clients", "/api/v1/businesses/*/audit"
  };

  /** Stripe's webhook endpoints, open to unauthenticated POSTs (PAY-3). */
  static final String[] WEBHOOK_ROUTES = {
    "/api/v1/webhooks/stripe", "/api/v1/webhooks/stripe/connect"
  };

  /** The API answers JSON only: nothing in it may load, run or frame anything (HARD-2). */
  private static final SecureRandom RANDOM = new SecureRandom();

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
          + " form-action 'none'";

  @Bean
  @Order(1)
  SecurityFilterChain api(
      HttpSecurity http,
      JwtDecoder decoder,
      PlatformTransactionManager transactions,
      JwtIdentitySource identities,
      HttpSecurityProperties httpProperties,
      RateLimiter limiter,
      RateLimitProperties limits,
      HstsProperties hsts)
      throws Exception {
    http.securityMatcher("/api/**")
        .csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .anonymous(Customizer.withDefaults())
        .cors(c -> c.configurationSource(cors(httpProperties)))
        .headers(headers -> apiHeaders(headers, hsts))
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers(HttpMethod.POST, "/api/v1/auth/**")
                    .permitAll()
                    // Stripe's webhooks carry no credentials: their signature, checked on the
                    // raw body by the billing module, is the proof (PAY-3). These two exact paths
                    // and POST only; nothing else opens up.
                    .requestMatchers(HttpMethod.POST, WEBHOOK_ROUTES)
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, API_KEY_ROUTES)
                    .authenticated()
                    .anyRequest()
                    .access(SecurityConfiguration::signedInUser))
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .jwt(jwt -> accessTokens(jwt, decoder))
                    .authenticationEntryPoint((request, response, e) -> unauthorized(response))
                    .accessDeniedHandler(
                        (request, response, e) ->
                            Problems.write(
                                response,
                                ApiProblem.forbidden("You are not allowed to do this.")
                                    .toProblemDetail())))
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint((request, response, ex) -> unauthorized(response))
                    .accessDeniedHandler(
                        (request, response, ex) ->
                            Problems.write(
                                response,
                                ApiProblem.forbidden("You are not allowed to do this.")
                                    .toProblemDetail())))
        .addFilterBefore(new ApiKeyAuthenticationFilter(), BearerTokenAuthenticationFilter.class)
        .addFilterAfter(
            apiTransactions(transactions, identities, limiter, limits), AuthorizationFilter.class);
    return http.build();
  }

  /** The API's headers: the common ones and a policy under which nothing it serves runs. */
  static void apiHeaders(HeadersConfigurer<HttpSecurity> headers, HstsProperties hsts) {
    SecurityHeaders.common(headers, hsts);
    headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY));
  }

  /** Access tokens checked by the decoder; they grant no authorities of their own. */
  static void accessTokens(
      OAuth2ResourceServerConfigurer<HttpSecurity>.JwtConfigurer jwt, JwtDecoder decoder) {
    jwt.decoder(decoder)
        .jwtAuthenticationConverter(token -> new JwtAuthenticationToken(token, List.of()));
  }

  /** The API's one answer to every authentication failure: 401 with a bearer challenge. */
  static void unauthorized(HttpServletResponse response) throws IOException {
    response.setHeader("WWW-Authenticate", "Bearer");
    Problems.write(response, Problems.unauthorized());
  }

  /** Each authenticated API request in one transaction; the sign-in routes manage their own. */
  static RequestTransactionFilter apiTransactions(
      PlatformTransactionManager transactions,
      JwtIdentitySource identities,
      RateLimiter limiter,
      RateLimitProperties limits) {
    return new RequestTransactionFilter(
        transactions,
        identities,
        limiter,
        limits,
        "/api/v1/auth/",
        RequestTransactionFilter.Rejection.API);
  }

  /**
   * Answers {@code true} for a user's access token only: every route outside {@link
   * #API_KEY_ROUTES} is closed to API keys (403), whatever permissions a key holds.
   */
  private static AuthorizationDecision signedInUser(
      Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
    return new AuthorizationDecision(
        authentication.get() instanceof JwtAuthenticationToken token && token.isAuthenticated());
  }

  private static CorsConfigurationSource cors(HttpSecurityProperties properties) {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    if (!properties.allowedOrigins().isEmpty()) {
      CorsConfiguration config = new CorsConfiguration();
      config.setAllowedOrigins(properties.allowedOrigins());
      config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
      config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
      config.setExposedHeaders(List.of("Retry-After", "Location"));
      config.setAllowCredentials(false);
      config.setMaxAge(Duration.ofHours(1));
      source.registerCorsConfiguration("/api/**", config);
    }
    return source;
  }

  /**
   * No tracing of each security filter, authentication and authorization: with observations
   * switched off only by property, Spring Security still wraps every filter of every request in an
   * observation that the registry then drops after a property lookup, about a tenth of a simple API
   * request's CPU (bench/pets-load.sh, docs/performance.md). Requests stay observed as a whole (the
   * HTTP server metrics).
   */
  @Bean
  static SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  static ProductionReadiness productionReadiness() {
    return new ProductionReadiness();
  }

  /**
   * The signing keys every node shares (SESS-1, AVAIL-4), from the database; on first start the
   * configured keys go there (an existing installation's tokens stay valid), or in development the
   * key generated under the data directory, or in production a new random key.
   */
  @Bean
  SigningKeys signingKeys(
      SigningKeyStore store,
      JwtProperties properties,
      Environment environment,
      DataDirProperties files,
      Clock clock) {
    return new SigningKeys(store, properties, clock, firstKeys(properties, environment, files));
  }

  /** The keys a new database starts with. */
  static SigningKeyRing firstKeys(
      JwtProperties properties, Environment environment, DataDirProperties files) {
    if (!properties.keys().isEmpty()) {
      String active =
          properties.activeKeyId() != null
              ? properties.activeKeyId()
              : properties.keys().keySet().iterator().next();
      return new SigningKeyRing(active, properties.keys());
    }
    if (environment.acceptsProfiles(Profiles.of("prod"))) {
      byte[] key = new byte[SigningKeyRing.MIN_KEY_BYTES];
      RANDOM.nextBytes(key);
      String id = "k-" + UUID.randomUUID();
      return new SigningKeyRing(id, Map.of(id, Base64.getEncoder().encodeToString(key)));
    }
    String key = LocalSecrets.loadOrCreate(files.dataDir(), "jwt-dev.key", 32);
    return new SigningKeyRing("dev", Map.of("dev", key));
  }

  /** Where every security chain finds an access token: the Authorization header only. */
  @Bean
  static BearerTokenResolver bearerTokenResolver() {
    return new BearerTokens();
  }

  /** The default firewall with a cheaper check of header values ({@link HeaderValues}). */
  @Bean
  static HttpFirewall httpFirewall() {
    return HeaderValues.firewall();
  }

  @Bean
  JwtDecoder jwtDecoder(SigningKeys keys, JwtProperties properties, Clock clock) {
    return AccessTokenDecoder.create(keys, properties, clock);
  }
}
