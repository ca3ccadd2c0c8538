package io.pawkeep.documents;

import static io.pawkeep.documents.ImageMetadataTestImages.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.documents.UploadCheckResult.Accepted;
import io.pawkeep.documents.UploadCheckResult.Refused;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** FILE-1: what may be uploaded, decided from the content; each refusal with its HTTP status. */
class UploadCheckTests {

  static final int TEN_MIB = 10 * 1024 * 1024;

  final UploadCheck check = new UploadCheck(UploadCheckProperties.defaults());

  @Test
  void aPhoneJpegWithGpsIsAcceptedAsJpegAndItsBytesToStoreCarryNoLocation() throws Exception {
    var accepted = accepted(check("image/jpeg", "Rex at home.jpg", phoneJpeg()));

    assertThat(accepted.type()).isEqualTo("image/jpeg");
    assertThat(accepted.displayName()).isEqualTo("Rex at home.jpg");
    assertThat(accepted.width()).isEqualTo(64);
    assertThat(accepted.height()).isEqualTo(48);
    var metadata = (JpegImageMetadata) Imaging.getMetadata(accepted.content());
    assertThat(metadata.getExif().getGpsInfo()).isNull();
    assertThat(Imaging.getXmpXml(accepted.content())).isNull();
  }

  @Test
  void aRenamedExecutableIsRefusedAsUnsupported() throws IOException {
    byte[] exe = new byte[512];
    exe[0] = 'M';
    exe[1] = 'Z';
    exe[0x3C] = (byte) 0x80;
    System.arraycopy(ascii("PE\0\0"), 0, exe, 0x80, 4);

    assertRefused(check("image/jpeg", "cute-puppy.jpg", exe), 415);
    assertRefused(check("application/x-msdownload", "setup.exe", exe), 415);
  }

  @Test
  void aPdfDeclaredAsJpegIsRefusedAsUnsupported() throws IOException {
    assertRefused(check("image/jpeg", "rex.jpg", pdf()), 415);
    assertThat(accepted(check("application/pdf", "rabies.pdf", pdf())).type())
        .isEqualTo("application/pdf");
  }

  @Test
  void aJpegDeclaredAsPngIsRefusedButCommonAliasesAgree() throws Exception {
    byte[] jpeg = encode(picture(), "jpg");

    assertRefused(check("image/png", "rex.png", jpeg), 415);
    assertRefused(check(null, "rex.jpg", jpeg), 415);
    assertThat(accepted(check("IMAGE/JPG; charset=binary", "rex.jpg", jpeg)).type())
        .isEqualTo("image/jpeg");
  }

  @Test
  void aPdfThatIsAlsoAZipArchiveIsRefused() throws IOException {
    byte[] zipEnd = concat(ascii("PK"), new byte[] {5, 6}, new byte[18]);

    assertRefused(check("application/pdf", "lab.pdf", concat(pdf(), zipEnd)), 415);
  }

  @Test
  void aPdfThatIsAlsoAnHtmlPageIsRefused() throws IOException {
    byte[] html = concat(ascii("%PDF-1.4\n<html><script>alert(1)</script>\n"), pdf());

    assertRefused(check("application/pdf", "lab.pdf", html), 415);
  }

  @Test
  void aJpegCarryingAPhpPayloadAfterItsEndIsStoredAsAJpegWithoutThePayload() throws Exception {
    byte[] polyglot = concat(encode(picture(), "jpg"), ascii("<?php system($_GET['c']); ?>"));

    var accepted = accepted(check("image/jpeg", "rex.jpg", polyglot));

    assertThat(contains(accepted.content(), ascii("<?php"))).isFalse();
  }

  @Test
  void aFileOfTenMebibytesAndOneByteIsRefusedAsTooLargeWithoutReadingFurther() throws IOException {
    var endless = new CountingZeros();

    assertRefused(check.check("application/pdf", "big.pdf", endless), 413);
    assertThat(endless.read).isEqualTo(TEN_MIB + 1L);

    byte[] exactly = Arrays.copyOf(pdf(), TEN_MIB);
    Arrays.fill(exactly, pdf().length, TEN_MIB, (byte) ' ');
    assertThat(check("application/pdf", "big.pdf", exactly)).isInstanceOf(Accepted.class);
    assertRefused(check("application/pdf", "big.pdf", Arrays.copyOf(exactly, TEN_MIB + 1)), 413);
  }

  @Test
  void thePngOfFiftyThousandByFiftyThousandPixelsIsRefusedFromItsHeader() throws IOException {
    byte[] bomb = ImageMetadataTestImages.pngDeclaring(50_000, 50_000);

    var refused = assertRefused(check("image/png", "bomb.png", bomb), 413);
    assertThat(refused.reason()).contains("50000 x 50000");
  }

  @Test
  void theImagePixelLimitIsASetting() throws Exception {
    var strict = new UploadCheck(new UploadCheckProperties(DataSize.ofMegabytes(10), 64 * 47));

    assertRefused(strict.check("image/png", "rex.png", in(encode(picture(), "png"))), 413);
  }

  @Test
  void anEmptyFileIsRefused() throws IOException {
    assertRefused(check("image/jpeg", "rex.jpg", new byte[0]), 400);
  }

  @Test
  void aTruncatedJpegIsRefused() throws Exception {
    byte[] jpeg = encode(picture(), "jpg");

    assertRefused(check("image/jpeg", "rex.jpg", Arrays.copyOf(jpeg, jpeg.length / 2)), 400);
    assertRefused(check("image/jpeg", "rex.jpg", Arrays.copyOf(jpeg, jpeg.length - 40)), 400);
  }

  @Test
  void aHeicWhoseExifCannotBeLocatedIsRefusedBecauseItsLocationCannotBeRemoved()
      throws IOException {
    var refused = assertRefused(check("image/heic", "IMG_0001.HEIC", heic(4032, 3024, true)), 415);
    assertThat(refused.reason()).contains("HEIC");
  }

  @Test
  void aHeicWithoutExifIsAcceptedWithTheSizeFromItsHeader() throws IOException {
    var accepted = accepted(check("image/heif", "IMG_0001.HEIC", heic(4032, 3024, false)));

    assertThat(accepted.type()).isEqualTo("image/heic");
    assertThat(accepted.width()).isEqualTo(4032);
    assertThat(accepted.height()).isEqualTo(3024);
    assertRefused(check("image/heic", "big.heic", heic(10_000, 10_000, false)), 413);
    assertRefused(check("image/heic", "tiles.heic", heic(64, 48, 10_000, false)), 413);
  }

  /** Made with libheif's heif-enc from {@code phoneJpeg()} (EXIF with GPS, XMP with GPS). */
  @Test
  void aRealHeicPhotoCarryingGpsIsAcceptedAndItsBytesToStoreCarryNoLocation() throws IOException {
    byte[] heic = resource("phone-with-gps.heic");
    assertThat(contains(heic, ascii("GPSLatitude"))).isTrue(); // the file really carries GPS
    assertThat(contains(heic, new byte[] {0x25, (byte) 0x88})).isTrue(); // GPS IFD pointer, II

    var accepted = accepted(check("image/heic", "IMG_0001.HEIC", heic));

    assertThat(accepted.type()).isEqualTo("image/heic");
    assertThat(accepted.width()).isEqualTo(64);
    assertThat(accepted.height()).isEqualTo(48);
    assertThat(accepted.content()).hasSameSizeAs(heic);
    assertThat(contains(accepted.content(), ascii("GPS"))).isFalse();
    assertThat(contains(accepted.content(), new byte[] {0x25, (byte) 0x88})).isFalse();
    assertThat(contains(accepted.content(), ascii(MAKE))).isFalse();
  }

  /** Made with libheif's heif-enc from a 64 x 48 PNG without metadata. */
  @Test
  void aRealHeicPhotoWithoutMetadataIsAcceptedWithTheSizeFromItsHeader() throws IOException {
    byte[] heic = resource("plain.heic");

    var accepted = accepted(check("image/heic", "IMG_0002.HEIC", heic));

    assertThat(accepted.type()).isEqualTo("image/heic");
    assertThat(accepted.width()).isEqualTo(64);
    assertThat(accepted.height()).isEqualTo(48);
    assertThat(accepted.content()).isEqualTo(heic);
  }

  @Test
  void aWebpIsAcceptedAsWebp() throws IOException {
    var accepted = accepted(check("image/webp", "rex.webp", WEBP_1X1));

    assertThat(accepted.type()).isEqualTo("image/webp");
    assertThat(accepted.width()).isEqualTo(1);
  }

  @Test
  void aNameWithPathSeparatorsOrControlCharactersIsRefused() throws Exception {
    byte[] jpeg = encode(picture(), "jpg");

    assertRefused(check("image/jpeg", "../../etc/passwd.jpg", jpeg), 400);
    assertRefused(check("image/jpeg", "C:\\rex.jpg", jpeg), 400);
    assertRefused(check("image/jpeg", "rex\r\nX-Evil: 1.jpg", jpeg), 400);
    assertRefused(check("image/jpeg", "rex\u202Egpj.exe", jpeg), 400);
    assertRefused(check("image/jpeg", "", jpeg), 400);
  }

  /** A client's damaged file is a 4xx, never an exception (a 500): every cut and many flips. */
  @Test
  void everyTruncationOrCorruptionOfARealImageIsAnsweredNeverThrown() throws Exception {
    var random = new java.util.Random(12);
    byte[][] samples = {
      phoneJpeg(),
      encode(picture(), "png"),
      WEBP_1X1,
      resource("phone-with-gps.heic"),
      resource("plain.heic"),
      heic(64, 48, 128, false)
    };
    String[] types = {
      "image/jpeg", "image/png", "image/webp", "image/heic", "image/heic", "image/heic"
    };
    for (int s = 0; s < samples.length; s++) {
      byte[] sample = samples[s];
      for (int cut = 1; cut < sample.length; cut++) {
        assertThat(check(types[s], "x", Arrays.copyOf(sample, cut))).isNotNull();
      }
      for (int flip = 0; flip < 300; flip++) {
        byte[] damaged = sample.clone();
        for (int i = 0; i < 3; i++) {
          damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
        }
        assertThat(check(types[s], "x", damaged)).isNotNull();
      }
    }
  }

  private UploadCheckResult check(String declared, String name, byte[] bytes) throws IOException {
    return check.check(declared, name, in(bytes));
  }

  private static byte[] resource(String name) throws IOException {
    try (var in = UploadCheckTests.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  private static InputStream in(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  private static byte[] pdf() {
    return ascii(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            + "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
  }

  private static Accepted accepted(UploadCheckResult result) {
    assertThat(result).isInstanceOf(Accepted.class);
    return (Accepted) result;
  }

  private static Refused assertRefused(UploadCheckResult result, int status) {
    assertThat(result).isInstanceOf(Refused.class);
    var refused = (Refused) result;
    assertThat(refused.status()).as(refused.reason()).isEqualTo(status);
    return refused;
  }

  /** An upload that never ends, counting what was read from it. */
  private static final class CountingZeros extends InputStream {
    long read;

    @Override
    public int read() {
      read++;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      read += len;
      return len;
    }
  }
}
