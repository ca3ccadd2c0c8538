package io.pawkeep.documents;

import static io.pawkeep.documents.ImageMetadataTestImages.ascii;
import static io.pawkeep.documents.ImageMetadataTestImages.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiClient.Multipart;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FILE-1 through the API: every bad upload of the list is a problem (400, 413 or 415), with
 * nothing stored, no row and nothing left in the object folder; a phone photo's location never
 * reaches storage.
 */
class DocumentBadInputTests extends DocumentTestSupport {

  static final int TEN_MIB = 10 * 1024 * 1024;

  World w;
  String documents;

  @BeforeEach
  void household() {
    w = world();
    documents = "/api/v1/pets/" + w.pet() + "/documents";
  }

  @Test
  void aRenamedExecutableIsRefusedAsUnsupportedAndNothingIsStored() {
    byte[] exe = new byte[512];
    exe[0] = 'M';
    exe[1] = 'Z';
    exe[0x3C] = (byte) 0x80;
    System.arraycopy(ascii("PE\0\0"), 0, exe, 0x80, 4);

    refusedLeavingNothing(Multipart.file("cute-puppy.jpg", "image/jpeg", exe), 415);
  }

  @Test
  void aPdfDeclaredAsJpegIsRefusedAsUnsupportedAndNothingIsStored() {
    refusedLeavingNothing(Multipart.file("rex.jpg", "image/jpeg", pdf()), 415);
  }

  @Test
  void aPdfThatIsAlsoAZipArchiveIsRefusedAndNothingIsStored() {
    byte[] zipEnd = concat(ascii("PK"), new byte[] {5, 6}, new byte[18]);

    refusedLeavingNothing(Multipart.file("lab.pdf", "application/pdf", concat(pdf(), zipEnd)), 415);
  }

  @Test
  void aJpegCarryingAPhpPayloadIsStoredAsAJpegWithoutIt() {
    byte[] polyglot = concat(jpeg(), ascii("<?php system($_GET['c']); ?>"));
    ApiClient.Response r =
        upload(
            w.family(),
            "/api/v1/pets/" + w.pet() + "/photo",
            Multipart.file("rex.jpg", "image/jpeg", polyglot));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);

    byte[] stored = download(r.text("downloadUrl"), w.family());
    assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("<?php");
    assertThat(Arrays.copyOfRange(stored, stored.length - 2, stored.length))
        .containsExactly(0xFF, 0xD9);
  }

  @Test
  void aFileOfTenMebibytesAndOneByteIsRefusedAsTooLargeAndNothingIsStored() {
    byte[] big = Arrays.copyOf(pdf(), TEN_MIB + 1);

    refusedLeavingNothing(Multipart.file("scan.pdf", "application/pdf", big), 413);
  }

  @Test
  void aFileLargerThanTheContainerTakesIsAProblemTooNeverAnError() {
    // Past the multipart part limit but inside the request limit: refused by the container.
    byte[] overPart = Arrays.copyOf(pdf(), TEN_MIB + 2048);
    refusedLeavingNothing(Multipart.file("scan.pdf", "application/pdf", overPart), 413);
    // Past the request limit: refused from its length before it is read.
    byte[] overRequest = Arrays.copyOf(pdf(), TEN_MIB + 512 * 1024);
    refusedLeavingNothing(Multipart.file("scan.pdf", "application/pdf", overRequest), 413);
  }

  @Test
  void aPngOfFiftyThousandByFiftyThousandPixelsIsRefusedAndNothingIsStored() {
    byte[] bomb = ImageMetadataTestImages.pngDeclaring(50_000, 50_000);

    refusedLeavingNothing(Multipart.file("bomb.png", "image/png", bomb), 413);
  }

  @Test
  void anEmptyFileIsRefusedAndNothingIsStored() {
    refusedLeavingNothing(Multipart.file("rex.jpg", "image/jpeg", new byte[0]), 400);
  }

  @Test
  void aTruncatedJpegIsRefusedAndNothingIsStored() {
    byte[] jpeg = jpeg();

    refusedLeavingNothing(
        Multipart.file("rex.jpg", "image/jpeg", Arrays.copyOf(jpeg, jpeg.length / 2)), 400);
  }

  @Test
  void aNameWithPathSeparatorsOrControlCharactersIsRefusedAndNothingIsStored() {
    for (String name :
        List.of("../../etc/passwd.pdf", "..\\\\boot.pdf", "rex\u0007.pdf", "rex\u202Efdp.exe")) {
      refusedLeavingNothing(Multipart.file(name, "application/pdf", pdf()), 400);
    }
  }

  @Test
  void aMissingFilePartIsABadRequest() {
    refusedLeavingNothing(new Multipart(java.util.Map.of("kind", "other"), null, null, null), 400);
  }

  @Test
  void aPhoneJpegWithGpsUploadedThroughTheApiIsStoredWithoutItsLocation() throws Exception {
    byte[] phone = ImageMetadataTestImages.phoneJpeg();
    assertThat(((JpegImageMetadata) Imaging.getMetadata(phone)).getExif().getGpsInfo())
        .as("the photo really carries GPS")
        .isNotNull();

    ApiClient.Response r =
        upload(
            w.family(),
            "/api/v1/pets/" + w.pet() + "/photo",
            Multipart.file("Rex at home.jpg", "image/jpeg", phone));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);

    Path file = objectFile(r.text("id"));
    byte[] atRest = java.nio.file.Files.readAllBytes(file);
    assertThat(ImageMetadataTestImages.contains(atRest, ascii("Exif")))
        .as("the object store holds ciphertext only")
        .isFalse();
    byte[] stored = download(r.text("downloadUrl"), w.family());
    var metadata = (JpegImageMetadata) Imaging.getMetadata(stored);
    assertThat(metadata.getExif().getGpsInfo()).isNull();
    assertThat(Imaging.getXmpXml(stored)).isNull();
    assertThat(ImageMetadataTestImages.contains(stored, ascii("12 Rue de la Paix"))).isFalse();
  }

  /** The upload is refused with the status as a problem; no row, no object, no partial file. */
  private void refusedLeavingNothing(Multipart file, int status) {
    List<Path> before = objectFiles();
    Multipart upload = file.fields().containsKey("kind") ? file : file.with("kind", "other");

    ApiClient.Response r = upload(w.family(), documents, upload);

    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.header("Content-Type")).contains("application/problem+json");
    assertThat(objectFiles()).as("the object folder").containsExactlyInAnyOrderElementsOf(before);
    assertThat(listed(w.family(), documents)).isEmpty();
  }
}
