package io.pawkeep.care;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Who may log care for a booking and who may read its log (DOM-6, DOM-9, AUTHZ-5): the two routes
 * for every kind of caller. A log the caller may not see answers exactly like a missing booking,
 * and an item for a booking of another business is rejected exactly like one for a missing booking.
 */
class CareIsolationTests extends CareTestSupport {

  private record Fixture(World world, String booking, Map<String, User> callers) {}

  private Fixture fixture() {
    World w = world();
    String booking = walkersBooking(w);
    User accountant = signedInUser("accountant");
    hire(w.owner(), w.business(), accountant, "accountant");
    User rivalOwner = withSecondFactor("rival-owner");
    String rival = createBusiness(rivalOwner, "Rival Paws");
    User rivalStaff = signedInUser("rival-walker");
    hire(rivalOwner, rival, rivalStaff, "staff");
    User neighbour = signedInUser("neighbour");
    String neighbours = createHousehold(neighbour, "Next Door");
    grant(neighbour, neighbours, w.business());
    Map<String, User> callers = new LinkedHashMap<>();
    callers.put("assigned staff", w.walker());
    callers.put("unassigned staff", w.otherWalker());
    callers.put("staff of another business", rivalStaff);
    callers.put("business owner", w.owner());
    callers.put("accountant", accountant);
    callers.put("household owner", w.family());
    callers.put("household member", w.familyMember());
    callers.put("another household's owner", neighbour);
    callers.put("stranger", signedInUser("stranger"));
    return new Fixture(w, booking, callers);
  }

  @Test
  void onlyTheAssigneeMayLogCareAndOutsidersCannotTellTheBookingFromAMissingOne() {
    Fixture f = fixture();
    Map<String, String> expected =
        Map.of(
            "assigned staff", "accepted:",
            "unassigned staff", "rejected:not_assigned",
            "business owner", "rejected:not_assigned",
            "accountant", "rejected:not_assigned");
    f.callers()
        .forEach(
            (who, caller) -> {
              String answer =
                  reason(
                      outcomes(caller, List.of(item(f.booking(), "check_in", now(), Map.of())))
                          .get(0));
              String missing =
                  reason(
                      outcomes(
                              caller,
                              List.of(
                                  item(UUID.randomUUID().toString(), "check_in", now(), Map.of())))
                          .get(0));
              assertThat(missing).as(who).isEqualTo("rejected:unknown_booking");
              assertThat(answer).as(who).isEqualTo(expected.getOrDefault(who, missing));
            });
    assertThat(careLog(f.world().walker(), f.booking()).items()).hasSize(1);
  }

  @Test
  void theLogIsReadByWhoeverSeesTheBookingAndHouseholdsSeeNoTracksByDefault() {
    Fixture f = fixture();
    outcomes(f.world().walker(), List.of(item(f.booking(), "walk", now(), walk(20))));
    Map<String, String> expected =
        Map.of(
            "assigned staff", "track",
            "business owner", "track",
            "household owner", "no track",
            "household member", "no track");
    f.callers().forEach((who, caller) -> assertSees(f, who, caller, expected));

    ApiClient.Response changed =
        api.send(
            "PUT",
            "/api/v1/businesses/" + f.world().business() + "/care-settings",
            Map.of("recordTracks", true, "clientsSeeTracks", true),
            f.world().owner().accessToken(),
            Map.of());
    assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
    Map<String, String> shared =
        Map.of(
            "assigned staff", "track",
            "business owner", "track",
            "household owner", "track",
            "household member", "track");
    f.callers().forEach((who, caller) -> assertSees(f, who, caller, shared));
  }

  @Test
  void onlySettingsManagersChangeCareSettings() {
    Fixture f = fixture();
    for (String who : List.of("assigned staff", "accountant")) {
      assertThat(putSettings(f.world().business(), f.callers().get(who)).status())
          .as(who)
          .isEqualTo(403);
    }
    for (String who : List.of("staff of another business", "household owner", "stranger")) {
      assertThat(putSettings(f.world().business(), f.callers().get(who)).status())
          .as(who)
          .isEqualTo(404);
    }
    assertThat(putSettings(f.world().business(), f.world().manager()).status()).isEqualTo(200);
  }

  private ApiClient.Response putSettings(String business, User caller) {
    return api.send(
        "PUT",
        "/api/v1/businesses/" + business + "/care-settings",
        Map.of("recordTracks", true, "clientsSeeTracks", true),
        caller.accessToken(),
        Map.of());
  }

  private void assertSees(Fixture f, String who, User caller, Map<String, String> expected) {
    ApiClient.Response r = careLog(caller, f.booking());
    ApiClient.Response missing = careLog(caller, UUID.randomUUID().toString());
    assertThat(missing.status()).as(who).isEqualTo(404);
    String sees = expected.get(who);
    if (sees == null) {
      assertThat(r.status()).as(who).isEqualTo(404);
      assertThat(problem(r.json())).as(who).isEqualTo(problem(missing.json()));
      return;
    }
    assertThat(r.status()).as(who + ": " + r.raw()).isEqualTo(200);
    JsonNode payload = r.items().get(0).path("payload");
    assertThat(payload.path("durationMinutes").asInt()).as(who).isEqualTo(45);
    assertThat(payload.has("track")).as(who).isEqualTo(sees.equals("track"));
  }

  private static List<String> problem(JsonNode json) {
    return List.of(
        json.path("type").asString(),
        json.path("title").asString(),
        json.path("status").asString(),
        json.path("detail").asString());
  }
}
