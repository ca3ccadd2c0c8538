package io.pawkeep.billing;

import io.pawkeep.testing.AccessMatrix;
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
    User accountant = accountant(w);
    User sitter = signedInUser("sitter");
    join(w.family(), w.household(), sitter, "sitter");
    User otherBusiness = withSecondFactor("other-business");
    createBusiness(otherBusiness, "Elsewhere");
    User otherHousehold = signedInUser("other-household");
    createHousehold(otherHousehold, "Next Door");
    return AccessMatrix.of(TABLE)
        .caller("owner", w.owner().accessToken())
        .caller("manager", w.manager().accessToken())
        .caller("accountant", accountant.accessToken())
        .caller("staff", w.walker().accessToken())
        .caller("otherBusiness", otherBusiness.accessToken())
        .caller("householdOwner", w.family().accessToken())
        .caller("householdMember", w.familyMember().accessToken())
        .caller("sitter", sitter.accessToken())
        .caller("otherHousehold", otherHousehold.accessToken())
        .caller("stranger", signedInUser("stranger").accessToken())
        .caller("anonymous", null)
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
