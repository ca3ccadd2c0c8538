package io.pawkeep.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The access token is found by exactly the rule of Spring Security's default resolver: the same
 * token, the same "no bearer token", and the same refusal of a malformed bearer header, for every
 * header below; never from the query or a form.
 */
class BearerTokensTests {

  private final BearerTokenResolver tokens = new BearerTokens();
  private final BearerTokenResolver spring = new DefaultBearerTokenResolver();

  static Stream<String> headers() {
    return Stream.of(
        "Bearer abc",
        "bearer abc",
        "BEARER abc",
        "bEaReR abc",
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
        "Bearer -._~+/09azAZ",
        "Bearer abc=",
        "Bearer abc==",
        "Bearer =",
        "Bearer a=b",
        "Bearer abc def",
        "Bearer  abc",
        "Bearer abc ",
        "Bearer abc\t",
        "Bearer\tabc",
        "Bearer",
        "Bearer ",
        "Bearerabc",
        "BearerX abc",
        "Bearer ab$c",
        "Bearer ab%2Fc",
        "Bearer abc,def",
        "Bearer \u00e9t\u00e9",
        "Bearer abc\u00a0",
        "Bearer\u00a0abc",
        "Be\u0430rer abc",
        "Basic dXNlcjpwYXNz",
        "ApiKey pk_live_abc",
        "",
        " Bearer abc",
        "Token abc");
  }

  @ParameterizedTest
  @MethodSource("headers")
  void findsWhatSpringSecuritysDefaultResolverFinds(String header) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
    request.addHeader("Authorization", header);
    assertThat(outcome(tokens, request)).isEqualTo(outcome(spring, request));
  }

  @ParameterizedTest
  @MethodSource("headers")
  void refusesOrIgnoresJustAsSpringSecurityDoesAfterThePrefix(String header) {
    assertThat(BearerTokens.isBearerToken(header))
        .isEqualTo(header.matches("(?i)^Bearer [a-zA-Z0-9-._~+/]+=*$"));
  }

  @Test
  void neverReadsATokenFromTheQueryOrAForm() {
    MockHttpServletRequest query = new MockHttpServletRequest("GET", "/api/v1/me");
    query.setParameter("access_token", "abc");
    assertThat(tokens.resolve(query)).isNull();
    MockHttpServletRequest form = new MockHttpServletRequest("POST", "/api/v1/me");
    form.setContentType("application/x-www-form-urlencoded");
    form.setParameter("access_token", "abc");
    assertThat(tokens.resolve(form)).isNull();
  }

  private static String outcome(BearerTokenResolver resolver, MockHttpServletRequest request) {
    try {
      return "token " + resolver.resolve(request);
    } catch (OAuth2AuthenticationException e) {
      return "refused " + e.getError().getErrorCode() + " " + e.getError().getDescription();
    }
  }
}
