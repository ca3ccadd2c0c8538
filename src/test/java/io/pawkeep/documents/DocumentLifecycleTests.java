package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.crypto.KeyRotation;
import io.pawkeep.crypto.UnrestrictedFieldCipher;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.households.HouseholdPurge;
import io.pawkeep.testing.ApiClient;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The bin, the purge, a deleted household's files, key rotation of sealed file keys, and the audit
 * trail of uploads, deletions, restores and clinical reads (FILE-2, FILE-3, LOG-1, CRYPTO-2).
 */
class DocumentLifecycleTests extends DocumentTestSupport {

  @Autowired DocumentPurge purge;
  @Autowired OwnerDatabase owner;
  @Autowired FieldCipher fields;
  @Autowired HouseholdPurge householdPurge;
  @Autowired KeyRotation rotation;

  @Test
  void aBinnedFileCannotBeDownloadedNorListedEvenWithALinkIssuedBefore() {
    World w = world();
    ApiClient.Response r =
        upload(w.family(), "/api/v1/households/" + w.household() + "/documents", pdfFile(null));
    String link = r.text("downloadUrl");
    assertThat(download(link, w.family())).isEqualTo(pdf());

    bin(w.family(), r.text("id"));

    ApiClient.Response refused = api.get(link, w.family().accessToken());
    assertThat(refused.status()).as(refused.raw()).isEqualTo(404);
    assertThat(listed(w.family(), "/api/v1/households/" + w.household() + "/documents")).isEmpty();
  }

  @Test
  void anUploadTheDatabaseRefusesAfterItsBytesWereStoredLeavesNothingInStorage() {
    World w = world();
    String list = "/api/v1/households/" + w.household() + "/documents";
    // The schema owner makes the database refuse this one insert, as a right lost between the
    // check and the insert would: the bytes are stored by then.
    owner
        .jdbc()
        .sql(
            "create function test_refuse_document() returns trigger language plpgsql"
                + " as $$begin raise exception 'refused for the test'; end$$")
        .update();
    owner
        .jdbc()
        .sql(
            "create trigger test_refuse_document before insert on documents for each row"
                + " when (new.name = 'refuse-me.pdf')"
                + " execute function test_refuse_document()")
        .update();
    try {
      List<java.nio.file.Path> before = objectFiles();

      ApiClient.Response r =
          upload(
              w.family(),
              list,
              ApiClient.Multipart.file("refuse-me.pdf", "application/pdf", pdf()));

      assertThat(r.status()).as(r.raw()).isEqualTo(403);
      assertThat(objectFiles()).containsExactlyInAnyOrderElementsOf(before);
      assertThat(listed(w.family(), list)).isEmpty();
    } finally {
      owner.jdbc().sql("drop trigger test_refuse_document on documents").update();
      owner.jdbc().sql("drop function test_refuse_document()").update();
    }
  }

  @Test
  void thePurgeRemovesFilesBinnedLongerThanThirtyDaysWithTheirBytesAndKeepsTheRest() {
    World w = world();
    String list = "/api/v1/households/" + w.household() + "/documents";
    String old = uploaded(w.family(), list, pdfFile(null));
    String recent = uploaded(w.family(), list, pdfFile(null));
    String kept = uploaded(w.family(), list, pdfFile(null));
    String photo = uploaded(w.family(), "/api/v1/pets/" + w.pet() + "/photo", jpegFile());
    String thumbnail =
        owner
            .jdbc()
            .sql("select thumbnail_id::text from documents where id = ?::uuid")
            .param(photo)
            .query(String.class)
            .single();
    assertThat(objectFile(thumbnail)).exists();
    bin(w.family(), old);
    bin(w.family(), photo);
    clock.advance(Duration.ofDays(20));
    User family = again(w.family());
    bin(family, recent);
    clock.advance(Duration.ofDays(10).plusMinutes(1));

    assertThat(purge.run()).isGreaterThanOrEqualTo(2);

    assertThat(objectFile(old)).doesNotExist();
    assertThat(objectFile(photo)).doesNotExist();
    assertThat(objectFile(thumbnail)).as("the thumbnail's bytes too").doesNotExist();
    assertThat(rowsOf(old)).isZero();
    assertThat(objectFile(recent)).exists();
    assertThat(objectFile(kept)).exists();
    family = again(family);
    assertThat(listed(family, list + "/bin")).containsExactly(recent);
    assertThat(listed(family, list)).containsExactly(kept);
    assertThat(actions(family, "/api/v1/households/" + w.household() + "/audit"))
        .contains("document.purged");
  }

  @Test
  void deletingAHouseholdLeavesItsFilesUnreadableAndThePurgeRemovesTheirBytes() throws Exception {
    World w = world();
    ApiClient.Response r =
        upload(w.family(), "/api/v1/pets/" + w.pet() + "/documents", pdfFile("vaccination"));
    String id = r.text("id");
    String link = r.text("downloadUrl");
    FileCipher unrestricted = new FileCipher(UnrestrictedFieldCipher.of(owner.jdbc(), fields));
    byte[] sealedKey = sealedKeyOf(id);
    UUID tenant = UUID.fromString(w.household());
    byte[] atRest = java.nio.file.Files.readAllBytes(objectFile(id));
    try (InputStream in =
        unrestricted.decrypting(
            tenant, UUID.fromString(id), sealedKey, new java.io.ByteArrayInputStream(atRest))) {
      assertThat(in.readAllBytes()).isEqualTo(pdf());
    }

    assertThat(
            api.delete("/api/v1/households/" + w.household(), null, w.family().accessToken())
                .status())
        .isEqualTo(202);
    // Erased once its undo window passed (PRIV-2).
    owner
        .jdbc()
        .sql("update households set purge_after = now() where id = ?")
        .param(tenant)
        .update();
    householdPurge.run();

    assertThatThrownBy(
            () ->
                unrestricted.decrypting(
                    tenant,
                    UUID.fromString(id),
                    sealedKey,
                    new java.io.ByteArrayInputStream(atRest)))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage("no data key");
    assertThat(api.get(link, w.family().accessToken()).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/documents/" + id, w.family().accessToken()).status())
        .isEqualTo(404);

    purge.run();

    assertThat(objectFile(id)).doesNotExist();
    assertThat(rowsOf(id)).isZero();
  }

  @Test
  void keyRotationReSealsFileKeysAndFilesStillOpenAfterTheOldKeysAreRetired() {
    World w = world();
    ApiClient.Response r =
        upload(w.family(), "/api/v1/households/" + w.household() + "/documents", pdfFile(null));
    String id = r.text("id");
    byte[] before = sealedKeyOf(id);
    String photo = uploaded(w.family(), "/api/v1/pets/" + w.pet() + "/photo", jpegFile());

    // Only this household's keyset is due (older than pawkeep.crypto.data-key-max-age).
    owner
        .jdbc()
        .sql("update tenant_data_keys set created_at = ? where tenant_id = ?::uuid")
        .params(java.sql.Timestamp.from(clock.instant().minus(Duration.ofDays(400))), w.household())
        .update();
    rotation.run();
    assertThat(sealedKeyOf(id)).as("re-sealed under the new key").isNotEqualTo(before);
    clock.advance(Duration.ofMinutes(61));
    rotation.run();

    User family = again(w.family());
    String link = api.get("/api/v1/documents/" + id, family.accessToken()).text("downloadUrl");
    assertThat(download(link, family)).isEqualTo(pdf());
    String thumbnail =
        api.get("/api/v1/documents/" + photo, family.accessToken()).text("thumbnailUrl");
    assertThat(download(thumbnail, family))
        .as("the thumbnail's key was re-sealed too")
        .isNotEmpty();
  }

  @Test
  void uploadsDeletionsRestoresAndReadsOfClinicalFilesAreAudited() {
    World w = world();
    Clinic clinic = grantedClinic(w);
    ApiClient.Response lab =
        upload(clinic.vet(), "/api/v1/pets/" + w.pet() + "/documents", pdfFile("lab_result"));
    assertThat(lab.status()).as(lab.raw()).isEqualTo(201);
    assertThat(lab.json().path("clinical").asBoolean()).isTrue();
    assertThat(lab.text("businessName")).isEqualTo("Paws Clinic");
    String own =
        uploaded(w.family(), "/api/v1/households/" + w.household() + "/documents", pdfFile(null));
    bin(w.family(), own);
    assertThat(
            api.post("/api/v1/documents/" + own + "/restore", null, w.family().accessToken())
                .status())
        .isEqualTo(200);
    String link =
        api.get("/api/v1/documents/" + lab.text("id"), w.family().accessToken())
            .text("downloadUrl");
    assertThat(download(link, w.family())).isEqualTo(pdf());

    List<String> household = actions(w.family(), "/api/v1/households/" + w.household() + "/audit");
    assertThat(household)
        .contains("document.uploaded", "document.binned", "document.restored", "document.read");
    assertThat(actions(clinic.owner(), "/api/v1/businesses/" + clinic.id() + "/audit"))
        .contains("document.uploaded");
  }

  @Test
  void theHouseholdReadsAClinicsDocumentButCannotDeleteIt() {
    World w = world();
    String lab = labResult(grantedClinic(w), w);

    ApiClient.Response seen = api.get("/api/v1/documents/" + lab, w.family().accessToken());
    assertThat(seen.json().path("canDelete").asBoolean()).isFalse();
    ApiClient.Response refused =
        api.delete("/api/v1/documents/" + lab, null, w.family().accessToken());
    assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
    assertThat(listed(w.family(), "/api/v1/pets/" + w.pet() + "/documents")).containsExactly(lab);
  }

  private List<String> actions(User reader, String path) {
    ApiClient.Response r = api.get(path, reader.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.items().valueStream().map(e -> e.path("action").asString()).toList();
  }

  private byte[] sealedKeyOf(String id) {
    return owner
        .jdbc()
        .sql("select file_key from documents where id = ?::uuid")
        .param(id)
        .query(byte[].class)
        .single();
  }

  private long rowsOf(String id) {
    return owner
        .jdbc()
        .sql("select count(*) from documents where id = ?::uuid")
        .param(id)
        .query(Long.class)
        .single();
  }
}
