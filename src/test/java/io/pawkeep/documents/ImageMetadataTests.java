package io.pawkeep.documents;

import static io.pawkeep.documents.ImageMetadataTestImages.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.junit.jupiter.api.Test;

/** FILE-1: images lose location and identifying metadata, keep orientation and pixels. */
class ImageMetadataTests {

  @Test
  void aPhoneJpegLosesGpsExifXmpIptcAndCommentsButKeepsOrientationAndPixels() throws Exception {
    byte[] original = phoneJpeg();
    var before = (JpegImageMetadata) Imaging.getMetadata(original);
    assertThat(before.getExif().getGpsInfo()).isNotNull(); // the test image really carries GPS
    assertThat(Imaging.getXmpXml(original)).contains("GPSLatitude");

    byte[] stripped = ImageMetadata.strip("image/jpeg", original);

    var after = (JpegImageMetadata) Imaging.getMetadata(stripped);
    assertThat(after.getExif().getGpsInfo()).isNull();
    assertThat(after.getExif().findField(TiffTagConstants.TIFF_TAG_ORIENTATION).getIntValue())
        .isEqualTo(6);
    assertThat(after.getExif().findField(TiffTagConstants.TIFF_TAG_MAKE)).isNull();
    assertThat(Imaging.getXmpXml(stripped)).isNull();
    byte[] headers = jpegHeaders(stripped);
    assertThat(contains(headers, new byte[] {(byte) 0x88, 0x25})).isFalse(); // GPS IFD tag, MM
    assertThat(contains(headers, new byte[] {0x25, (byte) 0x88})).isFalse(); // GPS IFD tag, II
    assertThat(contains(headers, new byte[] {(byte) 0x92, 0x7C})).isFalse(); // maker note tag
    assertThat(contains(headers, ascii(XMP_NAMESPACE))).isFalse();
    assertThat(contains(headers, ascii("Photoshop 3.0"))).isFalse();
    assertThat(contains(headers, ascii("Rue de la Paix"))).isFalse();
    assertThat(contains(headers, ascii(MAKE))).isFalse();
    assertThat(contains(stripped, ascii("maker secret"))).isFalse();
    assertSamePixels(original, stripped);
  }

  @Test
  void aJpegWithTwoExifSegmentsKeepsOneOrientationOnly() throws Exception {
    byte[] phone = phoneJpeg();
    byte[] exif = exifSegment(phone);
    assertThat(exif).isNotNull();

    byte[] stripped = ImageMetadata.strip("image/jpeg", insertAfterSoi(phone, exif));

    byte[] headers = jpegHeaders(stripped);
    int first = indexOf(headers, ascii("Exif\0\0"));
    assertThat(first).isPositive();
    assertThat(indexOf(Arrays.copyOfRange(headers, first + 1, headers.length), ascii("Exif\0\0")))
        .isNegative();
  }

  private static byte[] exifSegment(byte[] jpeg) {
    int pos = 2;
    while ((jpeg[pos + 1] & 0xFF) != 0xDA) {
      int end = pos + 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
      if ((jpeg[pos + 1] & 0xFF) == 0xE1 && jpeg[pos + 4] == 'E' && jpeg[pos + 5] == 'x') {
        return Arrays.copyOfRange(jpeg, pos, end);
      }
      pos = end;
    }
    return null;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void bytesHiddenAfterTheEndOfAJpegAreDropped() throws Exception {
    byte[] jpeg = encode(picture(), "jpg");
    byte[] polyglot = concat(jpeg, ascii("<?php system($_GET['c']); ?><html><script>"));

    byte[] stripped = ImageMetadata.strip("image/jpeg", polyglot);

    assertThat(contains(stripped, ascii("<?php"))).isFalse();
    assertThat(Arrays.copyOfRange(stripped, stripped.length - 2, stripped.length))
        .containsExactly(0xFF, 0xD9);
    assertSamePixels(jpeg, stripped);
  }

  @Test
  void aTruncatedJpegIsRefusedAsMalformed() throws Exception {
    byte[] jpeg = encode(picture(), "jpg");
    byte[] truncated = Arrays.copyOf(jpeg, jpeg.length - 40);

    assertThatThrownBy(() -> ImageMetadata.strip("image/jpeg", truncated))
        .isInstanceOfSatisfying(
            ImageMetadataException.class,
            e -> assertThat(e.kind()).isEqualTo(ImageMetadataException.Kind.MALFORMED));
  }

  @Test
  void aPngLosesItsExifTextAndXmpChunksButKeepsItsPixels() throws Exception {
    byte[] plain = encode(picture(), "png");
    byte[] exif = concat(ascii("MM\0*"), new byte[] {0, 0, 0, 8, 0, 1, (byte) 0x88, 0x25});
    byte[] tagged =
        insertAfterIhdr(
            plain,
            chunk("eXIf", exif),
            chunk("tEXt", ascii("Comment\0taken at 12 Rue de la Paix")),
            chunk("iTXt", ascii("XML:com.adobe.xmp\0\0\0\0\0" + XMP)),
            chunk("zTXt", ascii("Author\0\0xx")),
            chunk("tIME", new byte[] {7, (byte) 0xEA, 12, 1, 6, 0, 0}),
            chunk("prVt", ascii("private vendor data")));

    byte[] stripped = ImageMetadata.strip("image/png", concat(tagged, ascii("<html>trailer")));

    for (String gone : new String[] {"eXIf", "tEXt", "iTXt", "zTXt", "tIME", "prVt", "<html>"}) {
      assertThat(contains(stripped, ascii(gone))).as(gone).isFalse();
    }
    assertThat(contains(stripped, ascii("GPSLatitude"))).isFalse();
    assertThat(stripped).isEqualTo(plain); // ImageIO wrote only image chunks
    assertSamePixels(tagged, stripped);
  }

  @Test
  void aWebpLosesItsExifAndXmpChunksAndTheFlagsAnnouncingThem() throws Exception {
    byte[] vp8l = Arrays.copyOfRange(WEBP_1X1, 12, WEBP_1X1.length);
    byte[] vp8x = concat(ascii("VP8X"), new byte[] {10, 0, 0, 0, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    byte[] exifChunk =
        concat(ascii("EXIF"), new byte[] {9, 0, 0, 0}, ascii("MM\0*GPS!!"), new byte[1]);
    byte[] xmpChunk =
        concat(ascii("XMP "), le32(XMP.length()), ascii(XMP), new byte[XMP.length() & 1]);
    byte[] body = concat(ascii("WEBP"), vp8x, vp8l, exifChunk, xmpChunk);
    byte[] webp = concat(ascii("RIFF"), le32(body.length), body);

    byte[] stripped = ImageMetadata.strip("image/webp", webp);

    assertThat(contains(stripped, ascii("EXIF"))).isFalse();
    assertThat(contains(stripped, ascii("XMP "))).isFalse();
    assertThat(contains(stripped, ascii("GPS"))).isFalse();
    assertThat(stripped[20] & 0x0C).isZero(); // VP8X flags: no EXIF, no XMP
    assertThat(ImageMetadataHeaders.u32le(stripped, 4)).isEqualTo(stripped.length - 8);
    assertThat(contains(stripped, vp8l)).isTrue(); // the picture itself untouched
  }

  @Test
  void aHeicWhoseExifCannotBeLocatedIsRefusedBecauseItsLocationCannotBeRemoved() {
    assertThatThrownBy(() -> ImageMetadata.strip("image/heic", heic(4032, 3024, true)))
        .isInstanceOfSatisfying(
            ImageMetadataException.class,
            e -> assertThat(e.kind()).isEqualTo(ImageMetadataException.Kind.NOT_REMOVABLE));
  }

  @Test
  void aHeicWithoutExifOrXmpIsKeptAsIs() throws Exception {
    byte[] heic = heic(4032, 3024, false);

    assertThat(ImageMetadata.strip("image/heic", heic)).isEqualTo(heic);
  }

  private static byte[] le32(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
  }

  private static void assertSamePixels(byte[] expected, byte[] actual) throws IOException {
    BufferedImage a = ImageIO.read(new ByteArrayInputStream(expected));
    BufferedImage b = ImageIO.read(new ByteArrayInputStream(actual));
    assertThat(b.getWidth()).isEqualTo(a.getWidth());
    assertThat(b.getHeight()).isEqualTo(a.getHeight());
    assertThat(b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()))
        .isEqualTo(a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()));
  }
}
