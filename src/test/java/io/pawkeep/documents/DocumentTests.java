package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Uploads, lists, metadata, the bin and restore, in every place a file can go. */
class DocumentTests extends DocumentTestSupport {

  @Test
  void aHouseholdMemberAddsAVaccinationCertificateToTheirPetAndTheHouseholdSeesIt() {
    World w = world();
    ApiClient.Response r =
        upload(w.familyMember(), "/api/v1/pets/" + w.pet() + "/documents", pdfFile("vaccination"));

    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    String id = r.text("id");
    assertThat(r.header("Location")).isEqualTo("/api/v1/documents/" + id);
    JsonNode d = r.json();
    assertThat(d.path("place").asString()).isEqualTo("pet");
    assertThat(d.path("kind").asString()).isEqualTo("vaccination");
    assertThat(d.path("name").asString()).isEqualTo("Rabies certificate.pdf");
    assertThat(d.path("contentType").asString()).isEqualTo("application/pdf");
    assertThat(d.path("size").asLong()).isEqualTo(pdf().length);
    assertThat(d.path("petId").asString()).isEqualTo(w.pet());
    assertThat(d.path("householdId").asString()).isEqualTo(w.household());
    assertThat(d.path("clinical").asBoolean()).isFalse();
    assertThat(d.path("uploadedBy").asString()).isEqualTo("Alex Walker");
    assertThat(d.path("canDelete").asBoolean()).isTrue();
    assertThat(objectFile(id)).exists();

    assertThat(listed(w.family(), "/api/v1/pets/" + w.pet() + "/documents")).containsExactly(id);
    ApiClient.Response found = api.get("/api/v1/documents/" + id, w.family().accessToken());
    assertThat(found.status()).as(found.raw()).isEqualTo(200);
    assertThat(found.text("name")).isEqualTo("Rabies certificate.pdf");
  }

  @Test
  void aPhotoGetsAThumbnailThatDownloadsAsASmallJpegAndAPdfNone() throws Exception {
    World w = world();
    ApiClient.Response photo = upload(w.family(), "/api/v1/pets/" + w.pet() + "/photo", jpegFile());
    ApiClient.Response pdf =
        upload(w.family(), "/api/v1/pets/" + w.pet() + "/documents", pdfFile("other"));

    assertThat(pdf.json().path("thumbnailUrl").isNull()).isTrue();
    String thumbnailUrl = photo.text("thumbnailUrl");
    assertThat(thumbnailUrl).isNotNull().isNotEqualTo(photo.text("downloadUrl"));
    java.awt.image.BufferedImage thumbnail =
        javax.imageio.ImageIO.read(
            new java.io.ByteArrayInputStream(download(thumbnailUrl, w.family())));
    assertThat(Math.max(thumbnail.getWidth(), thumbnail.getHeight()))
        .isLessThanOrEqualTo(Thumbnails.LONG_SIDE);
    assertThat(download(photo.text("downloadUrl"), w.family())).isNotEmpty();
  }

  @Test
  void aThumbnailDownloadsUnderAJpegNameWhateverItsFileWasCalled() {
    assertThat(Documents.thumbnailName("Rex.heic")).isEqualTo("Rex thumbnail.jpg");
    assertThat(Documents.thumbnailName("Rex at the beach.v2.png"))
        .isEqualTo("Rex at the beach.v2 thumbnail.jpg");
    assertThat(Documents.thumbnailName(".png")).isEqualTo(".png thumbnail.jpg");
  }

  @Test
  void listsComeInPagesNewestFirst() {
    World w = world();
    String list = "/api/v1/households/" + w.household() + "/documents";
    String first = uploaded(w.family(), list, pdfFile(null));
    clock.advance(Duration.ofSeconds(1));
    String second = uploaded(w.family(), list, pdfFile(null));
    clock.advance(Duration.ofSeconds(1));
    String third = uploaded(w.family(), list, pdfFile(null));

    ApiClient.Response page = api.get(list + "?limit=2", w.family().accessToken());
    assertThat(page.items()).hasSize(2);
    assertThat(page.text("next")).isNotNull();
    assertThat(
            api.all(list, w.family().accessToken(), 2).stream().map(d -> d.path("id").asString()))
        .containsExactly(third, second, first);
  }

  @Test
  void aKindIsRequiredOnAPetDocument() {
    World w = world();
    ApiClient.Response r =
        upload(w.family(), "/api/v1/pets/" + w.pet() + "/documents", pdfFile("passport"));

    assertThat(r.status()).as(r.raw()).isEqualTo(400);
    assertThat(r.header("Content-Type")).contains("application/problem+json");
    assertThat(upload(w.family(), "/api/v1/pets/" + w.pet() + "/documents", pdfFile(null)).status())
        .isEqualTo(400);
  }

  @Test
  void theLatestPhotoOfAPetIsItsProfilePhoto() {
    World w = world();
    String first = uploaded(w.family(), "/api/v1/pets/" + w.pet() + "/photo", jpegFile());
    clock.advance(Duration.ofSeconds(1));
    String second = uploaded(w.familyMember(), "/api/v1/pets/" + w.pet() + "/photo", jpegFile());

    assertThat(listed(w.family(), "/api/v1/pets/" + w.pet() + "/photos"))
        .containsExactly(second, first);
    ApiClient.Response photo = api.get("/api/v1/documents/" + second, w.family().accessToken());
    assertThat(photo.text("place")).isEqualTo("pet_photo");
    assertThat(photo.json().path("width").asInt()).isEqualTo(64);
    assertThat(photo.json().path("height").asInt()).isEqualTo(48);
    assertThat(listed(w.family(), "/api/v1/pets/" + w.pet() + "/documents")).isEmpty();
  }

  @Test
  void householdOwnersKeepHouseholdDocumentsThatMembersRead() {
    World w = world();
    String path = "/api/v1/households/" + w.household() + "/documents";
    String id = uploaded(w.family(), path, pdfFile(null));

    assertThat(listed(w.familyMember(), path)).containsExactly(id);
    assertThat(upload(w.familyMember(), path, pdfFile(null)).status()).isEqualTo(403);
  }

  @Test
  void aBusinessKeepsItsOwnDocumentsForItsSettingsManagers() {
    World w = world();
    String path = "/api/v1/businesses/" + w.business() + "/documents";
    String id = uploaded(w.owner(), path, pdfFile(null));

    assertThat(listed(w.manager(), path)).containsExactly(id);
    ApiClient.Response d = api.get("/api/v1/documents/" + id, w.manager().accessToken());
    assertThat(d.text("place")).isEqualTo("business");
    assertThat(d.text("businessId")).isEqualTo(w.business());
    assertThat(api.get(path, w.walker().accessToken()).status()).isEqualTo(403);
  }

  @Test
  void theAssigneeAddsPhotosToAVisitInsideItsWindowWhichTheHouseholdSees() {
    World w = world();
    String booking = assignedBooking(w, w.walkerId(), inHours(1));
    String path = "/api/v1/bookings/" + booking + "/photos";
    String id = uploaded(w.walker(), path, jpegFile());

    assertThat(listed(w.family(), path)).containsExactly(id);
    assertThat(listed(w.walker(), path)).containsExactly(id);
    assertThat(listed(w.manager(), path)).containsExactly(id);
    ApiClient.Response d = api.get("/api/v1/documents/" + id, w.family().accessToken());
    assertThat(d.text("place")).isEqualTo("visit");
    assertThat(d.text("bookingId")).isEqualTo(booking);
    assertThat(d.text("businessId")).isEqualTo(w.business());
  }

  @Test
  void aDeletedFileGoesToTheBinLeavesTheListsAndComesBackWhenRestored() {
    World w = world();
    String list = "/api/v1/households/" + w.household() + "/documents";
    String id = uploaded(w.family(), list, pdfFile(null));

    bin(w.family(), id);
    assertThat(listed(w.family(), list)).isEmpty();
    assertThat(api.get("/api/v1/documents/" + id, w.family().accessToken()).status())
        .isEqualTo(404);
    assertThat(listed(w.family(), list + "/bin")).containsExactly(id);
    assertThat(objectFile(id)).as("the bytes stay while in the bin").exists();

    ApiClient.Response restored =
        api.post("/api/v1/documents/" + id + "/restore", null, w.family().accessToken());
    assertThat(restored.status()).as(restored.raw()).isEqualTo(200);
    assertThat(restored.json().path("deletedAt").isNull()).isTrue();
    assertThat(listed(w.family(), list)).containsExactly(id);
    assertThat(listed(w.family(), list + "/bin")).isEmpty();
  }

  @Test
  void aFileBinnedLongerThanThirtyDaysCannotBeRestored() {
    World w = world();
    String list = "/api/v1/households/" + w.household() + "/documents";
    String id = uploaded(w.family(), list, pdfFile(null));
    bin(w.family(), id);

    clock.advance(Duration.ofDays(30).plusMinutes(1));
    User family = again(w.family());

    assertThat(
            api.post("/api/v1/documents/" + id + "/restore", null, family.accessToken()).status())
        .isEqualTo(404);
    assertThat(listed(family, list + "/bin")).isEmpty();
  }
}
