package io.pawkeep.billing;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every invoice route called by every kind of caller (PAY-2, DOM-9, AUTHZ-5): the business's owner
 * and manager (billing.write), an accountant (billing.read), staff without billing, another
 * business's owner, the billed household's owner and member, its sitter, another household's owner,
 * a stranger and a caller without a token. Drafts are the business's only; every 404 is exactly the
 * answer to a missing id, the same on every route.
 */
class InvoiceIsolationMatrixTests extends InvoiceTestSupport {

  private static final String TABLE =
      """
      | method | path                                    | body       | owner | manager | accountant | staff | otherBusiness | householdOwner | householdMember | sitter         | otherHousehold | stranger | anonymous |
      |--------|-----------------------------------------|------------|-------|---------|------------|-------|---------------|----------------|-----------------|----------------|--------|----------|-----------|
      | GET    | /api/v1/businesses/{business}/invoices  |            | 200   | 200     | 200        | 403   | 404           | 404            | 404             | 404            | 404    | 404      | 401       |
      | POST   | /api/v1/businesses/{business}/invoices  | newInvoice | 201   | 201     | 403        | 403   | 404           | 404            | 404             | 404            | 404    | 404      | 401       |
      | GET    | /api/v1/invoices/{draft}                |            | 200   | 200     | 200        | 404   | 404           | 404            | 404             | 404            | 404    | 404      | 401       |
      | GET    | /api/v1/invoices/{open}                 |            | 200   | 200     | 200        | 404   | 404           | 200            | 200             | 404            | 404    | 404      | 401       |
      # {freshDraft} and {freshOpen} are the cell's own invoice, drafted (and issued) by the manager.
      | POST   | /api/v1/invoices/{freshDraft}/issue     | empty      | 200   | 200     | 403        | 404   | 404           | 404            | 404             | 404            | 404    | 404      | 401       |
      | POST   | /api/v1/invoices/{freshOpen}/issue      | empty      | 409   | 409     | 403        | 404   | 404           | 403            | 403             | 404            | 404    | 404      | 401       |
      | POST   | /api/v1/invoices/{freshOpen}/void       | reason     | 200   | 200     | 403        | 404   | 404           | 403            | 403             | 404            | 404    | 404      | 401       |
      | POST   | /api/v1/invoices/{freshDraft}/void      | reason     | 409   | 409     | 403        | 404   | 404           | 404            | 404             | 404            | 404    | 404      | 401       |
      | GET    | /api/v1/households/{household}/invoices |            | 404   | 404     | 404        | 404   | 404           | 200            | 200             | 404            | 404    | 404      | 401       |
      """;

  @TestFactory
  Stream<DynamicTest> everyInvoiceRouteAnswersEveryCallerAsItsRoleAllows() {
    World w = world();
    String draft = extraDraft(w, 900);
    String open = openInvoice(w, 1200);
    return billingCallers(TABLE, w)
        .everyNotFoundAlike()
        .id("business", w.business())
        .id("household", w.household())
        .id("draft", draft)
        .id("open", open)
        .id("freshDraft", cell -> extraDraft(w, 100))
        .id("freshOpen", cell -> openInvoice(w, 200))
        .body("newInvoice", extraLineBody(w.household(), "Matrix", 1))
        .body("empty", Map.of())
        .body("reason", Map.of("reason", "sent twice"))
        .tests(api);
  }
}
