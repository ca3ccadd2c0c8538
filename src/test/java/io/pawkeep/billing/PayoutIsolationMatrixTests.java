package io.pawkeep.billing;

import io.pawkeep.testing.AccessMatrix;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The payout and webhook routes (PAY-1, PAY-3) called by every kind of caller: the owner (every
 * permission) connects and sees payouts; staff holding billing.read (managers, accountants) see
 * them; nobody without payouts.manage starts onboarding (403); anyone not on the staff gets 404
 * exactly like a missing business, and a caller without a token 401. The webhooks take no
 * credentials from anyone: without Stripe's signature every caller gets the same 400.
 */
class PayoutIsolationMatrixTests extends StripeTestSupport {

  private static final String TABLE =
      """
      | method | path                                           | body | owner | manager | staff | accountant | veterinarian | otherBusiness | client | stranger | anonymous |
      |--------|------------------------------------------------|------|-------|---------|-------|------------|--------------|---------------|--------|----------|-----------|
      | GET    | /api/v1/businesses/{business}/payouts          |      | 200   | 200     | 403   | 200        | 403          | 404           | 404    | 404      | 401       |
      | POST   | /api/v1/businesses/{business}/payouts/onboarding |    | 200   | 403     | 403   | 403        | 403          | 404           | 404    | 404      | 401       |
      | GET    | /api/v1/businesses/{business}/payouts/onboarding |    | 405   | 405     | 405   | 405        | 405          | 405           | 405    | 405      | 401       |
      | POST   | /api/v1/webhooks/stripe                        |      | 400   | 400     | 400   | 400        | 400          | 400           | 400    | 400      | 400       |
      | POST   | /api/v1/webhooks/stripe/connect                |      | 400   | 400     | 400   | 400        | 400          | 400           | 400    | 400      | 400       |
      | GET    | /api/v1/webhooks/stripe                        |      | 405   | 405     | 405   | 405        | 405          | 405           | 405    | 405      | 401       |
      """;

  @TestFactory
  Stream<DynamicTest> everyPayoutRouteAnswersEveryCallerAsItsRoleAllows() {
    User owner = withSecondFactor("owner");
    User manager = withSecondFactor("manager");
    User otherBusiness = withSecondFactor("otherBusiness");
    User client = signedInUser("client");
    String id = createBusiness(owner, "care_company", "Matrix Walkers");
    createBusiness(otherBusiness, "care_company", "Elsewhere Walkers");
    stripeConnects(unique("acct_1"));
    AccessMatrix matrix =
        AccessMatrix.of(TABLE)
            .caller("owner", owner.accessToken())
            .caller("manager", manager.accessToken())
            .caller("otherBusiness", otherBusiness.accessToken())
            .caller("client", client.accessToken())
            .caller("stranger", signedInUser("stranger").accessToken())
            .caller("anonymous", null);
    hire(owner, id, manager, "manager");
    for (String role : List.of("staff", "accountant", "veterinarian")) {
      User hired = signedInUser(role);
      hire(owner, id, hired, role);
      matrix.caller(role, hired.accessToken());
    }
    String household = createHousehold(client, "Client Home");
    grant(client, household, id);
    return matrix.id("business", id).tests(api);
  }
}
