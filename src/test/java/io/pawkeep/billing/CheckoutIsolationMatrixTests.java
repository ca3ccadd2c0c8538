package io.pawkeep.billing;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The checkout route called by every kind of caller (PAY-2, DOM-9): only the billed household's
 * owner and member pay; the business's billing staff see the invoice but do not pay it (403);
 * sitters, other tenants and strangers get the missing id's 404.
 */
class CheckoutIsolationMatrixTests extends CheckoutTestSupport {

  private static final String TABLE =
      """
      | method | path                                    | body | owner | manager | accountant | staff | otherBusiness | householdOwner | householdMember | sitter | otherHousehold | stranger | anonymous |
      |--------|-----------------------------------------|------|-------|---------|------------|-------|---------------|----------------|-----------------|--------|----------------|----------|-----------|
      # {freshOpen} and {freshDraft} are the cell's own invoice, drafted (and issued) by the manager.
      | POST   | /api/v1/invoices/{freshOpen}/checkout   |      | 403   | 403     | 403        | 404   | 404           | 200            | 200             | 404    | 404            | 404      | 401       |
      | POST   | /api/v1/invoices/{freshDraft}/checkout  |      | 403   | 403     | 403        | 404   | 404           | 404            | 404             | 404    | 404            | 404      | 401       |
      """;

  @TestFactory
  Stream<DynamicTest> theCheckoutRouteAnswersEveryCallerAsItsRoleAllows() {
    World w = world();
    connected(w);
    return billingCallers(TABLE, w)
        .everyNotFoundAlike()
        .id("freshDraft", cell -> extraDraft(w, 100))
        .id(
            "freshOpen",
            cell -> {
              String invoice = openInvoice(w, 200);
              stripeCreatesSession("cs_test_" + invoice.replace("-", ""));
              return invoice;
            })
        .tests(api);
  }
}
