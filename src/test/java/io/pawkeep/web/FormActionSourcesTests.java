package io.pawkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** A page widens its own form-action by origins only, and nothing else of the policy (HARD-2). */
class FormActionSourcesTests {

  @Test
  void aPageAddsOriginsToItsFormActionAndKeepsTheRestOfThePolicy() {
    MockHttpServletResponse response = new MockHttpServletResponse();
    String policy = ContentSecurityPolicyFilter.policy("abc");
    response.setHeader("Content-Security-Policy", policy);

    FormActionSources.allow(
        response,
        List.of(URI.create("https://checkout.stripe.com"), URI.create("http://localhost:8111")));

    assertThat(response.getHeader("Content-Security-Policy"))
        .isEqualTo(
            policy.replace(
                "form-action 'self'",
                "form-action 'self' https://checkout.stripe.com http://localhost:8111"));
  }

  @Test
  void onlyBareOriginsAreAcceptedNeverAPathAWildcardOrAScheme() {
    for (String bad :
        List.of(
            "https://checkout.stripe.com/c/pay",
            "https://*.stripe.com",
            "javascript:alert(1)",
            "data:text/html,x",
            "https://user@checkout.stripe.com",
            "https://checkout.stripe.com?x=1")) {
      assertThatThrownBy(() -> FormActionSources.origin(URI.create(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(FormActionSources.origin(URI.create("https://Connect.Stripe.com/")))
        .isEqualTo("https://connect.stripe.com");
  }

  @Test
  void withoutOriginsOrAPolicyNothingChanges() {
    MockHttpServletResponse response = new MockHttpServletResponse();
    FormActionSources.allow(response, List.of(URI.create("https://checkout.stripe.com")));
    assertThat(response.getHeader("Content-Security-Policy")).isNull();
    response.setHeader("Content-Security-Policy", ContentSecurityPolicyFilter.policy("abc"));
    FormActionSources.allow(response, List.of());
    assertThat(response.getHeader("Content-Security-Policy")).contains("form-action 'self';");
  }
}
