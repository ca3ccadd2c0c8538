package io.pawkeep.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The HTTP security of signed downloads ({@code GET /api/v1/files/{token}}, FILE-3): the one API
 * route a browser session's cookie also signs in to, because a page shows photos with {@code <img
 * src>}, which cannot send an access token. A link is bound to one person: the route compares it
 * with whoever this request signs in as, by access token (which wins when both are sent) or by
 * session cookie; neither is refused with the API's generic 401. API keys never download. Only GET
 * is served here, and it changes nothing, so the cookie needs no CSRF token; every other method on
 * the path stays with the API's bearer-only chain. Answers carry the API's headers and content
 * security policy, so nothing served can run or be framed.
 */
@Configuration(proxyBeanMethods = false)
class DownloadSecurityConfiguration {

  static final String FILES = "/api/v1/files/*";

  @Bean
  @Order(0)
  SecurityFilterChain downloads(
      HttpSecurity http,
      JwtDecoder decoder,
      PlatformTransactionManager transactions,
      JwtIdentitySource identities,
      RateLimiter limiter,
      RateLimitProperties limits,
      HstsProperties hsts)
      throws Exception {
    http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, FILES))
        .csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .anonymous(Customizer.withDefaults())
        .headers(headers -> SecurityConfiguration.apiHeaders(headers, hsts))
        .authorizeHttpRequests(
            auth ->
                auth.anyRequest()
                    .access(
                        (authentication, context) ->
                            new AuthorizationDecision(
                                authentication.get() instanceof JwtAuthenticationToken token
                                        && token.isAuthenticated()
                                    || authentication.get() instanceof WebSessionAuthentication)))
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .jwt(jwt -> SecurityConfiguration.accessTokens(jwt, decoder))
                    .authenticationEntryPoint(
                        (request, response, e) -> SecurityConfiguration.unauthorized(response)))
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, ex) -> SecurityConfiguration.unauthorized(response))
                    .accessDeniedHandler(
                        (request, response, ex) -> SecurityConfiguration.unauthorized(response)))
        // Before the bearer filter: an access token, when one is sent, replaces the cookie's
        // session as the request's authentication.
        .addFilterBefore(new WebSessionFilter(), BearerTokenAuthenticationFilter.class)
        .addFilterAfter(
            SecurityConfiguration.apiTransactions(transactions, identities, limiter, limits),
            AuthorizationFilter.class);
    return http.build();
  }
}
