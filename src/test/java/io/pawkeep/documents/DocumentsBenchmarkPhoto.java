package io.pawkeep.documents;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * The photo the documents benchmarks upload: a 3552 x 2368 (8.4 megapixel) JPEG of about 5 MiB
 * (5.05 MiB), noisy like a phone photo so it compresses like one, with EXIF carrying GPS and an
 * orientation as a phone writes it. Always the same bytes. {@code main} writes it to a file, for
 * load tests that post it over HTTP.
 */
public final class DocumentsBenchmarkPhoto {

  private DocumentsBenchmarkPhoto() {}

  /** Writes the photo to the path given (e.g. target/bench-photo.jpg). */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/bench-photo.jpg");
    Files.write(out, fiveMebibytePhoto());
    System.out.println(out + ": " + Files.size(out) + " bytes");
  }

  static byte[] fiveMebibytePhoto() throws Exception {
    int width = 3552;
    int height = 2368;
    var random = new Random(5);
    var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int noise = random.nextInt(64);
        int r = (x * 255 / width + noise) & 0xFF;
        int g = (y * 255 / height + noise) & 0xFF;
        int b = ((x + y) / 16 + noise) & 0xFF;
        image.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    var exif = new TiffOutputSet();
    exif.setGpsInDegrees(2.2945, 48.8584);
    exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 6);
    exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MAKE, "PawPhone");
    var withExif = new ByteArrayOutputStream();
    new ExifRewriter().updateExifMetadataLossy(Thumbnails.jpeg(image, 0.9f), withExif, exif);
    return withExif.toByteArray();
  }
}
