package io.pawkeep.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every clinical and controlled-substance route called by every kind of caller: clinic staff get
 * what their permissions allow (403 otherwise), the household reads but never writes (403), and
 * everyone else gets a 404 exactly like a missing id's.
 */
class ClinicalIsolationMatrixTests extends ClinicalTestSupport {

  private static final String[] CALLERS = {
    "clinicOwner",
    "veterinarian",
    "technician",
    "accountant",
    "otherClinic",
    "careCompany",
    "householdOwner",
    "householdMember",
    "stranger"
  };

  private record Route(String method, String path, Object body, int... expected) {}

  @Test
  void everyClinicalRouteAnswersEveryCallerAsItsRightsAllow() {
    clinicWithClientPet();
    Map<String, User> people = new LinkedHashMap<>();
    people.put("clinicOwner", clinicOwner);
    people.put("veterinarian", vet);
    people.put("technician", technician);
    people.put("accountant", accountant);
    User otherOwner = withSecondFactor("other-clinic");
    String otherClinic = createBusiness(otherOwner, "clinic", "Elsewhere Vets");
    User otherVet = signedInUser("other-vet");
    hire(otherOwner, otherClinic, otherVet, "veterinarian");
    people.put("otherClinic", otherVet);
    User carer = withSecondFactor("carer");
    String company = createBusiness(carer, "care_company", "Walkers");
    grant(family, household, company);
    people.put("careCompany", carer);
    people.put("householdOwner", family);
    people.put("householdMember", familyMember);
    people.put("stranger", signedInUser("stranger"));

    String entryId = writeEntry(vet, pet, entry(clinic, "allergy", "Chicken", null)).text("id");
    String prescriptionId = prescribe(vet, pet, prescription(clinic, "100")).text("id");
    String entries = "/api/v1/pets/" + pet + "/clinical/entries";
    String entry = "/api/v1/clinical/entries/" + entryId;
    String prescriptions = "/api/v1/pets/" + pet + "/prescriptions";
    Map<String, Object> administration =
        Map.of("quantity", BigDecimal.ONE, "givenAt", clock.instant().toString());

    List<Route> routes =
        List.of(
            new Route("GET", entries, null, 200, 200, 200, 404, 404, 404, 200, 200, 404),
            new Route(
                "POST",
                entries,
                entry(clinic, "weight", "12 kg", "Fit"),
                201,
                201,
                403,
                404,
                404,
                404,
                403,
                403,
                404),
            new Route(
                "PATCH",
                entry,
                Map.of("value", "mild"),
                403,
                200,
                403,
                404,
                404,
                404,
                403,
                403,
                404),
            new Route(
                "POST",
                entry + "/addenda",
                Map.of("summary", "Confirmed"),
                201,
                201,
                403,
                404,
                404,
                404,
                403,
                403,
                404),
            new Route("GET", prescriptions, null, 200, 200, 200, 404, 404, 404, 200, 200, 404),
            new Route(
                "POST",
                prescriptions,
                prescription(clinic, "1"),
                201,
                201,
                403,
                404,
                404,
                404,
                403,
                403,
                404),
            new Route(
                "GET",
                "/api/v1/prescriptions/" + prescriptionId,
                null,
                200,
                200,
                200,
                404,
                404,
                404,
                200,
                200,
                404),
            new Route(
                "POST",
                "/api/v1/prescriptions/" + prescriptionId + "/administrations",
                administration,
                201,
                201,
                201,
                404,
                404,
                404,
                403,
                403,
                404),
            new Route(
                "GET",
                "/api/v1/businesses/" + clinic + "/controlled-log",
                null,
                200,
                200,
                403,
                403,
                404,
                404,
                404,
                404,
                404),
            new Route(
                "GET",
                "/api/v1/businesses/" + clinic + "/controlled-log/balances",
                null,
                200,
                200,
                403,
                403,
                404,
                404,
                404,
                404,
                404));

    String missing =
        ClinicalEntryTests.withoutInstance(
            api.get("/api/v1/pets/" + UUID.randomUUID() + "/clinical/entries", vet.accessToken()));
    List<String> wrong = new ArrayList<>();
    for (Route route : routes) {
      for (int i = 0; i < CALLERS.length; i++) {
        ApiClient.Response r =
            api.send(
                route.method(),
                route.path(),
                route.body(),
                people.get(CALLERS[i]).accessToken(),
                Map.of());
        if (r.status() != route.expected()[i]) {
          wrong.add(
              route.method()
                  + " "
                  + route.path()
                  + " as "
                  + CALLERS[i]
                  + ": "
                  + r.status()
                  + " "
                  + r.raw());
        } else if (r.status() == 404 && !ClinicalEntryTests.withoutInstance(r).equals(missing)) {
          wrong.add(route.method() + " " + route.path() + " as " + CALLERS[i] + ": " + r.raw());
        }
      }
    }
    assertThat(wrong).isEmpty();
  }
}
