package io.pawkeep.pets;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.bookings.BookingTestSupport;
import io.pawkeep.testing.ApiClient;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The household's pet list checks membership in the same statement that reads the pets ({@code
 * PetRepository.listOfMember}, DOM-2, AUTHZ-3): only members get it, whoever else row-level
 * security lets read the pets; a member's household without pets is an empty list, a household that
 * is not the caller's the same 404 as an unknown one.
 */
class PetListMembershipTests extends BookingTestSupport {

  @Test
  void anAssignedWalkerReadsTheHouseholdsPetsInTheDatabaseButGets404ForItsPetList() {
    World w = world();
    assignedBooking(w, w.walkerId(), inHours(1));
    String path = "/api/v1/households/" + w.household() + "/pets";

    long seen =
        asCaller(
            w.walker(),
            clock.instant(),
            db ->
                db.sql("select count(*) from pets where household_id = :id")
                    .param("id", UUID.fromString(w.household()))
                    .query(Long.class)
                    .single());
    assertThat(seen).as("the walker's window shows the pets in the database").isPositive();
    assertThat(api.get(path, w.walker().accessToken()).status()).isEqualTo(404);
    assertThat(api.get(path, w.manager().accessToken()).status()).isEqualTo(404);
    assertThat(api.get(path, w.familyMember().accessToken()).json().size()).isEqualTo(1);
  }

  @Test
  void aMemberOfAHouseholdWithoutPetsGetsAnEmptyListAndAStrangerTheUnknownHouseholds404() {
    User owner = signedInUser("no-pets");
    String household = createHousehold(owner, "Empty Nest");
    User stranger = signedInUser("stranger");
    String path = "/api/v1/households/" + household + "/pets";

    ApiClient.Response mine = api.get(path, owner.accessToken());
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.json().isArray()).isTrue();
    assertThat(mine.json().size()).isZero();
    ApiClient.Response theirs = api.get(path, stranger.accessToken());
    ApiClient.Response unknown =
        api.get("/api/v1/households/" + UUID.randomUUID() + "/pets", stranger.accessToken());
    assertThat(theirs.status()).isEqualTo(404);
    assertThat(unknown.status()).isEqualTo(404);
    for (String field : new String[] {"type", "title", "detail"}) {
      assertThat(theirs.text(field)).isEqualTo(unknown.text(field));
    }
  }

  @Test
  void aSignedOutOwnerGetsNoPetListOnTheNextRequest() {
    User owner = signedInUser("signed-out");
    String household = createHousehold(owner, "Signed Out");
    pet(owner, household, "Rex");
    String path = "/api/v1/households/" + household + "/pets";
    assertThat(api.get(path, owner.accessToken()).json().size()).isEqualTo(1);

    assertThat(
            api.post("/api/v1/auth/logout", Map.of("refresh_token", owner.refreshToken())).status())
        .isEqualTo(204);
    assertThat(api.get(path, owner.accessToken()).status()).isEqualTo(401);
  }
}
