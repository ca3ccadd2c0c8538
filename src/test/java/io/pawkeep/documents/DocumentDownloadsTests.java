package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Downloads of uploaded documents (FILE-3), end to end: the link is verified for the signed-in
 * person, and the document read again as them under row-level security, so a member removed since
 * the link was issued, a document moved to the bin, a walker of a business the household works with
 * and a document that does not exist all answer the very same 404.
 */
class DocumentDownloadsTests extends DocumentTestSupport {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Autowired DownloadLinks links;

  @Test
  void aHouseholdMemberDownloadsAHouseholdDocumentThroughTheirLink() throws Exception {
    World w = world();
    String id =
        uploaded(w.family(), "/api/v1/households/" + w.household() + "/documents", pdfFile(null));

    HttpResponse<byte[]> r = fetch(link(id, Variant.FILE, w.familyMember()), w.familyMember());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(pdf());
    assertThat(r.headers().firstValue("Content-Type")).contains("application/pdf");
    assertThat(r.headers().firstValue("Content-Disposition"))
        .contains(FileNames.contentDisposition("Rabies certificate.pdf"));
    assertThat(r.headers().allValues("Cache-Control")).containsExactly("no-store");
    assertThat(r.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
    HttpResponse<byte[]> part =
        fetch(link(id, Variant.FILE, w.familyMember()), w.familyMember(), "bytes=0-7");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(new String(part.body(), StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.4");
  }

  @Test
  void whoeverTheDatabaseNoLongerLetsReadTheDocumentGetsTheSame404AsForAMissingFile()
      throws Exception {
    World w = world();
    String list = "/api/v1/households/" + w.household() + "/documents";
    String kept = uploaded(w.family(), list, pdfFile(null));
    String binned = uploaded(w.family(), list, pdfFile(null));
    String memberLink = link(kept, Variant.FILE, w.familyMember());
    String binnedLink = link(binned, Variant.FILE, w.family());
    assertThat(fetch(memberLink, w.familyMember()).statusCode()).isEqualTo(200);
    assertThat(fetch(binnedLink, w.family()).statusCode()).isEqualTo(200);

    Map<String, HttpResponse<byte[]>> refused = new LinkedHashMap<>();
    refused.put(
        "a document that does not exist",
        fetch(link(UUID.randomUUID().toString(), Variant.FILE, w.family()), w.family()));
    refused.put(
        "a walker of a business the household works with",
        fetch(link(kept, Variant.FILE, w.walker()), w.walker()));
    refused.put(
        "a thumbnail a document does not have",
        fetch(link(kept, Variant.THUMBNAIL, w.family()), w.family()));
    ApiClient.Response removed =
        api.delete(
            "/api/v1/households/" + w.household() + "/members/" + userId(w.familyMember()),
            null,
            w.family().accessToken());
    assertThat(removed.status()).as(removed.raw()).isEqualTo(204);
    refused.put("a member removed since the link was issued", fetch(memberLink, w.familyMember()));
    bin(w.family(), binned);
    refused.put("a document moved to the bin since", fetch(binnedLink, w.family()));

    String missing = new String(refused.values().iterator().next().body(), StandardCharsets.UTF_8);
    assertThat(missing).contains("\"status\":404");
    refused.forEach(
        (why, r) -> {
          assertThat(r.statusCode()).as(why).isEqualTo(404);
          assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(why).isEqualTo(missing);
        });
  }

  @Test
  void aClinicsLabResultDownloadsForTheHouseholdAuditedAndNotForAClinicWhoseAccessWasRevoked()
      throws Exception {
    World w = world();
    Clinic clinic = grantedClinic(w);
    User vet = clinic.vet();
    String id = labResult(clinic, w);
    String vetsLink = link(id, Variant.FILE, vet);

    HttpResponse<byte[]> household = fetch(link(id, Variant.FILE, w.family()), w.family());
    assertThat(household.statusCode()).isEqualTo(200);
    assertThat(household.body()).isEqualTo(pdf());
    String trail =
        api.get("/api/v1/households/" + w.household() + "/audit", w.family().accessToken())
            .items()
            .toString();
    assertThat(trail).contains("document.read").contains(id);

    assertThat(fetch(vetsLink, vet).statusCode()).isEqualTo(200);
    revoke(w.family(), w.household(), clinic.id());
    HttpResponse<byte[]> revoked = fetch(vetsLink, vet);
    HttpResponse<byte[]> missing =
        fetch(link(UUID.randomUUID().toString(), Variant.FILE, vet), vet);
    assertThat(revoked.statusCode()).isEqualTo(404);
    assertThat(revoked.body()).isEqualTo(missing.body());
  }

  // --- helpers

  private String link(String document, Variant variant, User person) {
    return links.issue(UUID.fromString(document), variant, UUID.fromString(userId(person))).url();
  }

  private HttpResponse<byte[]> fetch(String path, User person) throws Exception {
    return fetch(path, person, null);
  }

  private HttpResponse<byte[]> fetch(String path, User person, String range) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", "Bearer " + person.accessToken())
            .GET();
    if (range != null) {
      request.header("Range", range);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
