package io.pawkeep.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.households.HouseholdPurge;
import io.pawkeep.testing.ApiClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Household deletion with undo (PRIV-2, CRYPTO-3): gone at once for members, sitters and the
 * business (API and the database as the application role); only an owner undoes it, and only inside
 * the window; then the purge shreds its keys and deletes its rows, while the business's issued
 * invoice stays without the household's name. In the billing tests' package for the invoice
 * helpers.
 */
class HouseholdErasureTests extends InvoiceTestSupport {

  @Autowired HouseholdPurge purge;

  @Test
  void aDeletedHouseholdIsGoneAtOnceForItsMembersSitterAndBusinessAlsoInTheDatabase() {
    World w = world();
    User sitter = signedInUser("sitter");
    join(w.family(), w.household(), sitter, "sitter");
    assignedBooking(w, w.walkerId(), inHours(1));
    List<User> everyone = List.of(w.family(), w.familyMember(), sitter);
    for (User person : everyone) {
      assertThat(get(person, "/api/v1/households/" + w.household()).status()).isEqualTo(200);
      assertThat(seenRows(person, w.household())).isPositive();
    }
    assertThat(seenRows(w.walker(), w.household())).as("assigned walker").isPositive();
    assertThat(seenRows(w.manager(), w.household())).as("manager").isPositive();
    assertThat(clients(w)).contains(w.household());

    assertThat(delete(w.family(), w.household()).status()).isEqualTo(202);

    for (User person : everyone) {
      assertThat(get(person, "/api/v1/households/" + w.household()).status()).isEqualTo(404);
      assertThat(get(person, "/api/v1/households/" + w.household() + "/pets").status())
          .isEqualTo(404);
      assertThat(seenRows(person, w.household())).isZero();
    }
    assertThat(get(w.family(), "/api/v1/pets/" + w.pet()).status()).isEqualTo(404);
    assertThat(seenRows(w.walker(), w.household())).as("assigned walker").isZero();
    assertThat(seenRows(w.manager(), w.household())).as("manager").isZero();
    assertThat(clients(w)).doesNotContain(w.household());
  }

  @Test
  void onlyAnOwnerDeletesAndUndoesAndOnlyInsideTheWindow() {
    World w = world();
    User stranger = signedInUser("stranger");
    assertThat(delete(stranger, w.household()).status()).isEqualTo(404);
    assertThat(delete(w.familyMember(), w.household()).status()).isEqualTo(403);
    assertThat(delete(w.family(), w.household()).status()).isEqualTo(202);
    assertThat(delete(w.family(), w.household()).status()).as("already gone").isEqualTo(404);

    assertThat(undo(stranger, w.household()).status()).isEqualTo(404);
    assertThat(undo(w.familyMember(), w.household()).status()).isEqualTo(404);
    assertThat(deletedIds(w.familyMember())).isEmpty();
    assertThat(deletedIds(w.family())).containsExactly(w.household());

    ApiClient.Response undone = undo(w.family(), w.household());
    assertThat(undone.status()).as(undone.raw()).isEqualTo(200);
    assertThat(get(w.familyMember(), "/api/v1/households/" + w.household()).status())
        .isEqualTo(200);
    assertThat(seenRows(w.manager(), w.household())).isPositive();

    assertThat(delete(w.family(), w.household()).status()).isEqualTo(202);
    clock.advance(Duration.ofDays(30).plusMinutes(1));
    User family = again(w.family());
    assertThat(undo(family, w.household()).status()).as("past the window").isEqualTo(404);
    assertThat(deletedIds(family)).isEmpty();
  }

  @Test
  void thePurgeShredsTheKeysDeletesTheRowsAndKeepsIssuedInvoicesWithoutTheName() {
    World w = world();
    UUID household = UUID.fromString(w.household());
    ApiClient.Response secret =
        api.send(
            "PUT",
            "/api/v1/households/" + w.household() + "/access-secrets",
            Map.of("alarmCode", "4711-erase"),
            w.family().accessToken(),
            Map.of());
    assertThat(secret.status()).as(secret.raw()).isLessThan(300);
    String issued = openInvoice(w, 2500);
    String draft = extraDraft(w, 100);
    assertThat(delete(w.family(), w.household()).status()).isEqualTo(202);

    assertThat(purge.run()).as("nothing is due inside the window").isZero();
    assertThat(ownerCount("select count(*) from households where id = ?", household)).isOne();

    schemaOwner
        .jdbc()
        .sql("update households set purge_after = now() - interval '1 second' where id = ?")
        .param(household)
        .update();
    assertThat(purge.run()).isGreaterThanOrEqualTo(1);

    assertThat(ownerCount("select count(*) from tenant_data_keys where tenant_id = ?", household))
        .as("keys shredded: the ciphertexts anywhere can no longer be opened")
        .isZero();
    for (String table : List.of("households", "pets", "access_secrets", "bookings")) {
      String column = table.equals("households") ? "id" : "household_id";
      assertThat(
              ownerCount("select count(*) from " + table + " where " + column + " = ?", household))
          .as(table)
          .isZero();
    }
    assertThat(ownerCount("select count(*) from invoices where id = ?", UUID.fromString(draft)))
        .as("a draft goes with the household")
        .isZero();
    Map<String, Object> kept =
        schemaOwner
            .jdbc()
            .sql("select * from invoices where id = ?")
            .param(UUID.fromString(issued))
            .query()
            .singleRow();
    assertThat(kept.get("household_id")).isNull();
    assertThat(kept.get("bill_to")).isEqualTo("Erased household");
    assertThat(kept.get("total_minor")).isEqualTo(2500L);
    assertThat(kept.toString()).doesNotContain("The Kennel").doesNotContain(w.family().email());
    assertThat(get(w.manager(), "/api/v1/invoices/" + issued).text("billTo"))
        .isEqualTo("Erased household");
    // A late payment on the kept invoice is still recorded, on the business's audit chain only.
    assertThat(recordPayment(w.business(), issued, 2500, "EUR")).isEqualTo("applied");
    assertThat(recordRefund(w.business(), issued, 500, "EUR")).isEqualTo("applied");
  }

  private long seenRows(User user, String household) {
    UUID id = UUID.fromString(household);
    return asCaller(
        user,
        clock.instant(),
        db ->
            db.sql(
                    "select (select count(*) from households where id = :id)"
                        + " + (select count(*) from pets where household_id = :id)"
                        + " + (select count(*) from business_clients where household_id = :id)"
                        + " + (select count(*) from bookings where household_id = :id)")
                .param("id", id)
                .query(Long.class)
                .single());
  }

  private List<String> clients(World w) {
    ApiClient.Response r =
        get(w.manager(), "/api/v1/businesses/" + w.business() + "/clients?limit=100");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.json().path("items").valueStream().map(n -> n.path("householdId").asText()).toList();
  }

  private List<String> deletedIds(User owner) {
    ApiClient.Response r = get(owner, "/api/v1/households/deleted");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.json().path("items").valueStream().map(n -> n.path("id").asText()).toList();
  }

  private ApiClient.Response get(User user, String path) {
    return api.get(path, user.accessToken());
  }

  private ApiClient.Response delete(User user, String household) {
    return api.delete("/api/v1/households/" + household, null, user.accessToken());
  }

  private ApiClient.Response undo(User user, String household) {
    return api.post(
        "/api/v1/households/" + household + "/undo-deletion", Map.of(), user.accessToken());
  }
}
