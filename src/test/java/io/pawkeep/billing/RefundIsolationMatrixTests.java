package io.pawkeep.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The refunds route called by every kind of caller (PAY-2, DOM-9, AUTHZ-5): only billing.write
 * (owner, manager) refunds; an accountant and the billed household see the invoice but may not
 * refund it (403, as on issue and void); staff without billing, other tenants, sitters and
 * strangers get the missing id's 404; no token is 401. API keys are refused on every billing route
 * (they are not among the API-key routes).
 */
class RefundIsolationMatrixTests extends RefundTestSupport {

  private static final String TABLE =
      """
      | method | path                                   | body   | owner | manager | accountant | staff | otherBusiness | householdOwner | householdMember | sitter | otherHousehold | stranger | anonymous |
      |--------|----------------------------------------|--------|-------|---------|------------|-------|---------------|----------------|-----------------|--------|----------------|----------|-----------|
      # {freshPaid} is the cell's own invoice, paid through Checkout; {freshDraft} a draft.
      | POST   | /api/v1/invoices/{freshPaid}/refunds   | refund | 201   | 201     | 403        | 404   | 404           | 403            | 403             | 404    | 404            | 404      | 401       |
      | POST   | /api/v1/invoices/{freshDraft}/refunds  | refund | 409   | 409     | 403        | 404   | 404           | 404            | 404             | 404    | 404            | 404      | 401       |
      """;

  @TestFactory
  Stream<DynamicTest> theRefundsRouteAnswersEveryCallerAsItsRoleAllows() {
    World w = world();
    String account = connected(w);
    return billingCallers(TABLE, w)
        .everyNotFoundAlike()
        .id("freshDraft", cell -> extraDraft(w, 100))
        .id(
            "freshPaid",
            cell -> {
              Paid paid = paid(w, account, 200);
              stripeRefunds(StripeTestSupport.unique("re_"), "succeeded");
              return paid.invoice();
            })
        .body("refund", refundBody(100, "EUR"))
        .tests(api);
  }

  @Test
  void anApiKeyIsRefusedOnTheRefundsRouteEvenHoldingBillingWrite() {
    World w = world();
    String account = connected(w);
    Paid paid = paid(w, account, 300);
    stripeRefunds(StripeTestSupport.unique("re_"), "succeeded");
    for (List<String> scope :
        List.of(List.of("billing.write", "billing.read"), List.of("clients.read"))) {
      ApiClient.Response key =
          api.post(
              "/api/v1/businesses/" + w.business() + "/api-keys",
              Map.of("name", "Books", "permissions", scope),
              w.owner().accessToken());
      assertThat(key.status()).as(key.raw()).isEqualTo(201);
      ApiClient.Response r =
          api.send(
              "POST",
              "/api/v1/invoices/" + paid.invoice() + "/refunds",
              refundBody(100, "EUR"),
              null,
              Map.of("Authorization", "ApiKey " + key.text("secret")));
      assertThat(r.status()).as(scope + " " + r.raw()).isEqualTo(403);
    }
    STRIPE.verify(0, postRequestedFor(urlPathEqualTo("/v1/refunds")));
    assertThat(money(paid.invoice())).containsEntry("state", "paid");
  }
}
