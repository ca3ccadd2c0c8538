package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.bookings.BookingTestSupport;
import io.pawkeep.security.DataDirProperties;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiClient.Multipart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What document tests start from: the booking world (a care company with owner, manager and
 * walkers, a client household with owner, member and dog), plus files to upload and a look into the
 * object folder.
 */
abstract class DocumentTestSupport extends BookingTestSupport {

  @Autowired DataDirProperties dataDir;

  /** A clinic ("Paws Clinic") with its owner and a veterinarian. */
  record Clinic(User owner, String id, User vet) {}

  /** A clinic the household of {@code w} is a client of, its veterinarian hired. */
  Clinic grantedClinic(World w) {
    User clinicOwner = withSecondFactor("clinic-owner");
    String clinic = createBusiness(clinicOwner, "clinic", "Paws Clinic");
    User vet = signedInUser("vet");
    hire(clinicOwner, clinic, vet, "veterinarian");
    grant(w.family(), w.household(), clinic);
    return new Clinic(clinicOwner, clinic, vet);
  }

  /** A lab result the clinic's veterinarian adds to the dog of {@code w}; returns its id. */
  String labResult(Clinic clinic, World w) {
    return uploaded(clinic.vet(), "/api/v1/pets/" + w.pet() + "/documents", pdfFile("lab_result"));
  }

  static byte[] pdf() {
    return ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            + "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] jpeg() {
    try {
      return ImageMetadataTestImages.encode(ImageMetadataTestImages.picture(), "jpg");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Multipart pdfFile(String kind) {
    Multipart file = Multipart.file("Rabies certificate.pdf", "application/pdf", pdf());
    return kind == null ? file : file.with("kind", kind);
  }

  static Multipart jpegFile() {
    return Multipart.file("Rex.jpg", "image/jpeg", jpeg());
  }

  ApiClient.Response upload(User caller, String path, Multipart file) {
    return api.upload(path, file, caller.accessToken());
  }

  /** Uploads and requires 201; returns the document's id. */
  String uploaded(User caller, String path, Multipart file) {
    ApiClient.Response r = upload(caller, path, file);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.text("id");
  }

  /** Moves the document to the bin as the caller; requires 204. */
  void bin(User caller, String id) {
    ApiClient.Response r = api.delete("/api/v1/documents/" + id, null, caller.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(204);
  }

  /** The ids of the listed documents. */
  List<String> listed(User caller, String path) {
    ApiClient.Response r = api.get(path, caller.accessToken());
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.items().valueStream().map(d -> d.path("id").asString()).toList();
  }

  /** Every file in the object folder (stored objects and any partial write). */
  List<Path> objectFiles() {
    Path root = dataDir.dataDir().resolve("objects");
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes a download link answers for the caller (fails on anything but 200). */
  byte[] download(String url, User caller) {
    try {
      java.net.http.HttpResponse<byte[]> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://localhost:" + port + url))
                      .header("Authorization", "Bearer " + caller.accessToken())
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Path objectFile(String id) {
    return dataDir.dataDir().resolve("objects").resolve(id.substring(0, 2)).resolve(id);
  }
}
