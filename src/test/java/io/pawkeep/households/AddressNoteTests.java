package io.pawkeep.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.PageClient;
import io.pawkeep.testing.StoredCiphertext;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The household's address note: owners change it on the household's page (and the API), members
 * read it, another household's note is the 404 page; at most 500 characters; stored sealed with the
 * household's data key like other address data (CRYPTO-1), its text kept out of the audit trail.
 */
class AddressNoteTests extends ApiTestSupport {

  private static final String NOTE = "Blue door, side gate <img src=x onerror=alert(1)>";

  @Test
  void anOwnerWritesTheNoteOnTheHouseholdsPageAndItIsStoredEncrypted() {
    User owner = signedInUser("note-owner");
    String household = createHousehold(owner, "Note House");
    PageClient browser = signIn(owner);

    PageClient.Page page = browser.get("/households/" + household + "/address-note");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<h1>Address note</h1>").contains("name=\"note\"");
    PageClient.Page saved =
        browser.post("/households/" + household + "/address-note", Map.of("note", NOTE));
    assertThat(saved.status()).as(saved.body()).isEqualTo(302);
    assertThat(saved.location()).endsWith("/households/" + household + "/address-note?saved");

    PageClient.Page shown = browser.get("/households/" + household + "/address-note");
    assertThat(shown.body())
        .contains("Blue door, side gate &lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain("<img src=x");
    assertThat(browser.get("/households/" + household).body())
        .contains("/households/" + household + "/address-note");

    byte[] stored =
        asCaller(
            owner,
            db ->
                db.sql("select note from household_address_notes where household_id = :h")
                    .param("h", UUID.fromString(household))
                    .query(byte[].class)
                    .single());
    StoredCiphertext.assertSealedByDataKey(stored, NOTE);
    assertThat(auditTrailText(owner, household)).doesNotContain("Blue door");
    ApiClient.Response export =
        api.get("/api/v1/households/" + household + "/export", owner.accessToken());
    assertThat(export.status()).as(export.raw()).isEqualTo(200);
    assertThat(export.text("addressNote")).isEqualTo(NOTE);
  }

  @Test
  void aNoteOver500CharactersIsRefusedBesideTheFieldWithWhatWasTyped() {
    User owner = signedInUser("note-long");
    String household = createHousehold(owner, "Long Note House");
    PageClient browser = signIn(owner);
    browser.get("/households/" + household + "/address-note");

    PageClient.Page refused =
        browser.post("/households/" + household + "/address-note", Map.of("note", "a".repeat(501)));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body())
        .contains("id=\"note-error\"")
        .contains("aria-describedby=\"note-error\"")
        .contains("a".repeat(501));
    ApiClient.Response api501 =
        api.send(
            "PUT",
            "/api/v1/households/" + household + "/address-note",
            Map.of("note", "a".repeat(501)),
            owner.accessToken(),
            Map.of());
    assertThat(api501.status()).isEqualTo(400);
    assertThat(
            api.get("/api/v1/households/" + household + "/address-note", owner.accessToken())
                .json()
                .path("note")
                .isNull())
        .isTrue();
  }

  @Test
  void aMemberReadsTheNoteButOnlyOwnersChangeItAndStrangersSeeNothing() {
    User owner = signedInUser("note-owner2");
    String household = createHousehold(owner, "Shared Note House");
    User member = signedInUser("note-member");
    join(owner, household, member, "member");
    User stranger = signedInUser("note-stranger");
    ApiClient.Response put =
        api.send(
            "PUT",
            "/api/v1/households/" + household + "/address-note",
            Map.of("note", "Side gate"),
            owner.accessToken(),
            Map.of());
    assertThat(put.status()).as(put.raw()).isEqualTo(200);

    PageClient memberBrowser = signIn(member);
    PageClient.Page read = memberBrowser.get("/households/" + household + "/address-note");
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).contains("Side gate").doesNotContain("name=\"note\"");
    PageClient.Page refused =
        memberBrowser.post("/households/" + household + "/address-note", Map.of("note", "x"));
    assertThat(refused.status()).isEqualTo(403);

    PageClient strangerBrowser = signIn(stranger);
    assertThat(strangerBrowser.get("/households/" + household + "/address-note").status())
        .isEqualTo(404);
    assertThat(
            api.get("/api/v1/households/" + household + "/address-note", stranger.accessToken())
                .status())
        .isEqualTo(404);
    int inDatabase =
        asCaller(
            stranger,
            db ->
                db.sql("select count(*) from household_address_notes where household_id = :h")
                    .param("h", UUID.fromString(household))
                    .query(Integer.class)
                    .single());
    assertThat(inDatabase).isZero();
    assertThat(
            api.get("/api/v1/households/" + household + "/address-note", owner.accessToken())
                .text("note"))
        .isEqualTo("Side gate");
  }

  private PageClient signIn(User user) {
    PageClient browser = new PageClient(port);
    browser.get("/sign-in");
    PageClient.Page r =
        browser.post("/sign-in", Map.of("email", user.email(), "password", user.password()));
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    return browser;
  }

  private String auditTrailText(User owner, String household) {
    ApiClient.Response r =
        api.get("/api/v1/households/" + household + "/audit", owner.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.raw()).contains("household.address_note_changed");
    return r.raw();
  }
}
