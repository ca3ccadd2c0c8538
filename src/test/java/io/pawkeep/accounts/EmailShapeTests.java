package io.pawkeep.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.PageClient;
import io.pawkeep.web.ApiProblem;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Addresses of a practical shape only: no quotes, braces, pipes, backticks, angle brackets, spaces
 * or control characters, one {@code @} and a dotted domain. Sign-up (API and page) refuses the
 * others as the client's mistake (400), beside the field on the page.
 */
class EmailShapeTests extends ApiTestSupport {

  static final List<String> REFUSED =
      List.of(
          "\"quoted\"@example.org",
          "a{b}@example.org",
          "pipe|d@example.org",
          "back`tick@example.org",
          "<script>@example.org",
          "ada@<b>.example.org",
          "two words@example.org",
          "tab\there@example.org",
          "nul\u0000@example.org",
          "ada@@example.org",
          "ada@example",
          "ada@-example.org",
          "ada@example.org.",
          ".ada@example.org",
          "ada.@example.org",
          "a..da@example.org",
          "ada@exa_mple.org",
          "x".repeat(65) + "@example.org");

  @Test
  void onlyAPracticalAddressShapeIsTaken() {
    assertThat(Emails.normalise("  First.Last+tag@Example.co.UK "))
        .isEqualTo("first.last+tag@example.co.uk");
    assertThat(Emails.normalise("o'brien#1@mail.xn--p1ai")).isEqualTo("o'brien#1@mail.xn--p1ai");
    // An account made before the strict shape still finds its address at sign-in and reset.
    assertThat(Emails.normaliseExisting("a{b}@example.org")).isEqualTo("a{b}@example.org");
    for (String address : REFUSED) {
      assertThat(Emails.shaped(address)).as(address).isFalse();
      assertThatThrownBy(() -> Emails.normalise(address))
          .as(address)
          .isInstanceOf(ApiProblem.class)
          .hasMessageContaining("valid address");
    }
  }

  @Test
  void signingUpWithAnAddressOfTheWrongShapeIsA400ProblemAndTheRightShapeIsTaken() {
    for (String address : List.of("\"quoted\"@example.org", "<img>@example.org", "a b@c.org")) {
      ApiClient.Response r =
          api.post(
              "/api/v1/auth/register",
              Map.of("email", address, "password", PASSWORD, "displayName", "Ada"),
              null);
      assertThat(r.status()).as(address).isEqualTo(400);
      assertThat(r.header("Content-Type")).contains("application/problem+json");
    }
    String tagged = "first.last+" + UUID.randomUUID().toString().substring(0, 8) + "@example.co.uk";
    ApiClient.Response ok =
        api.post(
            "/api/v1/auth/register",
            Map.of("email", tagged, "password", PASSWORD, "displayName", "Ada"),
            null);
    assertThat(ok.status()).as(ok.raw()).isEqualTo(202);
  }

  @Test
  void theSignUpPageSaysBesideTheEmailFieldThatItsShapeIsWrong() {
    PageClient pages = new PageClient(port);
    pages.get("/sign-up");
    PageClient.Page refused =
        pages.post(
            "/sign-up",
            Map.of("displayName", "Ada", "email", "ada{x}@example.org", "password", PASSWORD));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body())
        .contains("id=\"email-error\"")
        .contains("aria-describedby=\"email-error\"")
        .contains("Enter an email address such as name@example.org")
        .doesNotContain(PASSWORD);
  }
}
