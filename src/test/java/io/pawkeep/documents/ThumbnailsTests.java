package io.pawkeep.documents;

import static io.pawkeep.documents.ImageMetadataTestImages.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.Test;

/**
 * Thumbnails of stored images (FILE-3's "thumbnails for images"): upright JPEGs of at most 320
 * pixels on their long side, decoded subsampled so a huge photo never becomes a huge bitmap, and
 * nothing (never an exception) for what cannot be decoded.
 */
class ThumbnailsTests {

  private static final Color RED = new Color(230, 20, 20);
  private static final Color GREEN = new Color(20, 200, 20);
  private static final Color BLUE = new Color(20, 20, 230);

  @Test
  void aPhoneJpegTurnedByItsExifOrientationGivesAnUprightThumbnailOfAtMost320Pixels()
      throws Exception {
    byte[] stored = ImageMetadata.strip("image/jpeg", withOrientation(quadrants(640, 480), 6));

    BufferedImage thumbnail = thumbnail("image/jpeg", stored);

    // Orientation 6: turned a quarter clockwise for display, so 480 x 640 shown as 240 x 320.
    assertThat(thumbnail.getWidth()).isEqualTo(240);
    assertThat(thumbnail.getHeight()).isEqualTo(320);
    assertColour(thumbnail, 60, 80, BLUE); // was bottom left
    assertColour(thumbnail, 180, 80, RED); // was top left
    assertColour(thumbnail, 180, 240, GREEN); // was top right
    assertColour(thumbnail, 60, 240, Color.WHITE); // was bottom right
    byte[] bytes = Thumbnails.of("image/jpeg", stored).orElseThrow();
    assertThat(contains(bytes, ascii("Exif"))).isFalse(); // no orientation left to apply twice
  }

  @Test
  void everyOtherExifOrientationIsAppliedToo() throws Exception {
    // {orientation, colour shown top left, colour shown top right}
    Object[][] cases = {
      {1, RED, GREEN},
      {2, GREEN, RED},
      {3, Color.WHITE, BLUE},
      {4, BLUE, Color.WHITE},
      {5, RED, BLUE},
      {7, Color.WHITE, GREEN},
      {8, GREEN, Color.WHITE}
    };
    for (Object[] c : cases) {
      int orientation = (int) c[0];
      byte[] stored =
          ImageMetadata.strip("image/jpeg", withOrientation(quadrants(64, 48), orientation));

      BufferedImage thumbnail = thumbnail("image/jpeg", stored);

      boolean turned = orientation >= 5;
      assertThat(thumbnail.getWidth())
          .as("orientation %d", orientation)
          .isEqualTo(turned ? 48 : 64);
      int w = thumbnail.getWidth();
      int h = thumbnail.getHeight();
      assertColour(thumbnail, w / 4, h / 4, (Color) c[1]);
      assertColour(thumbnail, 3 * w / 4, h / 4, (Color) c[2]);
    }
  }

  @Test
  void aPngThumbnailKeepsItsProportionsAndASmallImageIsNotEnlarged() throws Exception {
    BufferedImage wide = thumbnail("image/png", encode(quadrants(1000, 250), "png"));
    assertThat(wide.getWidth()).isEqualTo(320);
    assertThat(wide.getHeight()).isEqualTo(80);
    assertColour(wide, 40, 20, RED);
    assertColour(wide, 280, 60, Color.WHITE);

    BufferedImage small = thumbnail("image/png", encode(picture(), "png"));
    assertThat(small.getWidth()).isEqualTo(64);
    assertThat(small.getHeight()).isEqualTo(48);
  }

  @Test
  void aFiftyMegapixelImageIsDecodedSubsampledNeverAsAWholeBitmap() throws Exception {
    byte[] huge = flatPng(10_000, 5_000); // 50 million pixels: 200 MB as a whole bitmap

    BufferedImage decoded = Thumbnails.decode("image/png", huge).orElseThrow();

    // At most twice the thumbnail's size on its long side: well under a megapixel in memory.
    assertThat(Math.max(decoded.getWidth(), decoded.getHeight())).isBetween(320, 640);
    assertThat((long) decoded.getWidth() * decoded.getHeight()).isLessThan(1_000_000);
    BufferedImage thumbnail = thumbnail("image/png", huge);
    assertThat(thumbnail.getWidth()).isEqualTo(320);
    assertThat(thumbnail.getHeight()).isEqualTo(160);
  }

  /** Made with libwebp's cwebp (lossy and lossless) from a 640 x 480 PNG of four quarters. */
  @Test
  void aWebpGetsAThumbnailFromAPureJavaDecoder() throws Exception {
    for (String name : new String[] {"quadrants.webp", "quadrants-lossless.webp"}) {
      byte[] stored = ImageMetadata.strip("image/webp", resource(name));

      BufferedImage thumbnail = thumbnail("image/webp", stored);

      assertThat(thumbnail.getWidth()).as(name).isEqualTo(320);
      assertThat(thumbnail.getHeight()).isEqualTo(240);
      assertColour(thumbnail, 80, 60, RED);
      assertColour(thumbnail, 240, 60, GREEN);
      assertColour(thumbnail, 80, 180, BLUE);
      assertColour(thumbnail, 240, 180, Color.WHITE);
    }
  }

  /**
   * The WebP decoder keeps a lossless picture whole in memory whatever the subsampling (200 MB for
   * 50 megapixels): a WebP above the smaller WebP limit gets no thumbnail. Made with cwebp.
   */
  @Test
  void aFiftyMegapixelWebpGetsNoThumbnailRatherThanA200MegabyteBitmap() throws Exception {
    byte[] huge = resource("fifty-megapixels-lossless.webp");
    assertThat(ImageMetadataHeaders.dimensions("image/webp", huge)).startsWith(10_000, 5_000);

    assertThat(Thumbnails.of("image/webp", huge)).isEmpty();
  }

  @Test
  void aDamagedOrUndecodableImageGivesNoThumbnailAndNoException() throws Exception {
    byte[] jpeg = encode(quadrants(640, 480), "jpg");
    byte[] png = encode(quadrants(640, 480), "png");
    byte[][] damaged = {
      Arrays.copyOf(jpeg, jpeg.length / 2),
      Arrays.copyOf(png, png.length / 2),
      ascii("not an image at all"),
      new byte[0],
      flatPngHeader(100_000, 100_000) // ten billion pixels announced
    };
    for (byte[] bytes : damaged) {
      assertThat(Thumbnails.of("image/jpeg", bytes)).isEmpty();
      assertThat(Thumbnails.of("image/png", bytes)).isEmpty();
      assertThat(Thumbnails.of("image/webp", bytes)).isEmpty();
    }
    byte[] webp = resource("quadrants.webp");
    for (int cut = 1; cut < webp.length; cut += 7) {
      assertThat(Thumbnails.of("image/webp", Arrays.copyOf(webp, cut))).isNotNull();
    }
    var random = new java.util.Random(7);
    for (int i = 0; i < 200; i++) {
      byte[] flipped = jpeg.clone();
      flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
      assertThat(Thumbnails.of("image/jpeg", flipped)).isNotNull(); // answered, never thrown
    }
    // No decoder for these: the page shows a plain tile instead.
    assertThat(Thumbnails.of("image/heic", resource("phone-with-gps.heic"))).isEmpty();
    assertThat(Thumbnails.of("application/pdf", ascii("%PDF-1.4\n%%EOF\n"))).isEmpty();
  }

  private static BufferedImage thumbnail(String type, byte[] image) throws IOException {
    byte[] jpeg = Thumbnails.of(type, image).orElseThrow();
    assertThat(jpeg[0] & 0xFF).isEqualTo(0xFF);
    assertThat(jpeg[1] & 0xFF).isEqualTo(0xD8); // a JPEG
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertThat(Math.max(decoded.getWidth(), decoded.getHeight())).isLessThanOrEqualTo(320);
    return decoded;
  }

  /**
   * Four coloured quarters: red top left, green top right, blue bottom left, white bottom right.
   */
  static BufferedImage quadrants(int width, int height) {
    var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setColor(RED);
    g.fillRect(0, 0, width / 2, height / 2);
    g.setColor(GREEN);
    g.fillRect(width / 2, 0, width - width / 2, height / 2);
    g.setColor(BLUE);
    g.fillRect(0, height / 2, width / 2, height - height / 2);
    g.setColor(Color.WHITE);
    g.fillRect(width / 2, height / 2, width - width / 2, height - height / 2);
    g.dispose();
    return image;
  }

  static byte[] withOrientation(BufferedImage image, int orientation) throws Exception {
    var exif = new TiffOutputSet();
    exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
    exif.setGpsInDegrees(2.2945, 48.8584);
    var out = new ByteArrayOutputStream();
    new ExifRewriter().updateExifMetadataLossy(encode(image, "jpg"), out, exif);
    return out.toByteArray();
  }

  private static void assertColour(BufferedImage image, int x, int y, Color expected) {
    var actual = new Color(image.getRGB(x, y));
    assertThat(
            Math.abs(actual.getRed() - expected.getRed())
                + Math.abs(actual.getGreen() - expected.getGreen())
                + Math.abs(actual.getBlue() - expected.getBlue()))
        .as("colour at %d,%d: %s, expected %s", x, y, actual, expected)
        .isLessThan(60);
  }

  /** A grey RGB PNG of any size, written row by row (never a whole bitmap in memory). */
  static byte[] flatPng(int width, int height) throws IOException {
    var idat = new ByteArrayOutputStream();
    try (var deflate = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_SPEED))) {
      byte[] row = new byte[1 + 3 * width];
      Arrays.fill(row, (byte) 0x80);
      row[0] = 0; // filter: none
      for (int y = 0; y < height; y++) {
        deflate.write(row);
      }
    }
    return concat(
        flatPngHeader(width, height),
        chunk("IDAT", idat.toByteArray()),
        chunk("IEND", new byte[0]));
  }

  private static byte[] flatPngHeader(int width, int height) {
    byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    return concat(
        signature, chunk("IHDR", concat(u32(width), u32(height), new byte[] {8, 2, 0, 0, 0})));
  }

  private static byte[] resource(String name) throws IOException {
    try (var in = ThumbnailsTests.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
