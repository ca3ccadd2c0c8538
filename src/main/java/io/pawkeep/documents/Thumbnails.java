package io.pawkeep.documents;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thumbnails of uploaded images (issue 12, FILE-3's thumbnails): a JPEG of at most {@value
 * #LONG_SIDE} pixels on its long side, upright (the EXIF orientation a JPEG keeps after {@link
 * ImageMetadata#strip} is applied to the pixels), made from the checked and stripped bytes.
 *
 * <p>Decoding is bounded: the reader is told to keep only every n-th pixel of every n-th row
 * ({@link ImageReadParam#setSourceSubsampling}), so a 50-megapixel photo is decoded into a bitmap
 * of at most twice the thumbnail's size, never the 200 MB of its full size; the pixel count is
 * checked from the header first. Everything stays in memory: ImageIO's default stream cache would
 * write the plaintext photo to a temporary file, outside the encrypted store (FILE-2).
 *
 * <p>JPEG and PNG are decoded by the JDK's own ImageIO readers, WebP by TwelveMonkeys' pure-Java
 * reader (up to {@value #MAX_WEBP_PIXELS} pixels: it holds a lossless picture whole whatever the
 * subsampling). HEIC/HEIF has no decoder here, so it (and anything larger, damaged or undecodable)
 * gets no thumbnail: an empty answer, never an exception, and the pages show a plain tile instead.
 */
public final class Thumbnails {

  /** The long side of a thumbnail, in pixels. */
  public static final int LONG_SIDE = 320;

  // Far above the upload check's own limit: a last guard when this is called on other bytes.
  private static final long MAX_PIXELS = 100_000_000L;
  // The WebP decoder keeps a lossless picture whole in memory whatever the subsampling (4 bytes a
  // pixel) and decodes lossy ones slowly: larger WebP images get no thumbnail.
  private static final long MAX_WEBP_PIXELS = 12_000_000L;
  private static final float QUALITY = 0.85f;

  private static final Logger log = LoggerFactory.getLogger(Thumbnails.class);

  private Thumbnails() {}

  /**
   * The thumbnail (JPEG bytes) of {@code image}, whose type was sniffed from its content (the
   * upload check's {@code Accepted.type()}); empty when the type has no decoder here or the image
   * cannot be decoded.
   */
  public static Optional<byte[]> of(String contentType, byte[] image) {
    try {
      Optional<BufferedImage> decoded = decode(contentType, image);
      if (decoded.isEmpty()) {
        return Optional.empty();
      }
      int orientation =
          contentType.equals("image/jpeg") ? ImageMetadataJpeg.orientationOf(image) : 1;
      return Optional.of(jpeg(ThumbnailsOrientation.upright(fit(decoded.get()), orientation)));
    } catch (IOException | RuntimeException e) {
      // A damaged image is the client's, not a server error: no thumbnail, a plain tile.
      log.debug("No thumbnail for a {} image: {}", contentType, e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  /**
   * The image decoded with every n-th pixel of every n-th row, n chosen so its long side stays
   * between {@value #LONG_SIDE} and twice that (or the whole image when smaller); empty without a
   * decoder, or when the image is damaged or too large.
   */
  static Optional<BufferedImage> decode(String contentType, byte[] image) throws IOException {
    if (contentType == null || image == null || image.length == 0) {
      return Optional.empty();
    }
    long maxPixels = contentType.equals("image/webp") ? MAX_WEBP_PIXELS : MAX_PIXELS;
    if (!contentType.equals("image/jpeg")
        && !contentType.equals("image/png")
        && !contentType.equals("image/webp")) {
      return Optional.empty();
    }
    Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(contentType);
    if (!readers.hasNext()) {
      return Optional.empty();
    }
    ImageReader reader = readers.next();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image))) {
      boolean[] damaged = {false};
      reader.addIIOReadWarningListener((source, warning) -> damaged[0] = true);
      reader.setInput(in, true, true); // one image, metadata not read
      long width = reader.getWidth(0);
      long height = reader.getHeight(0);
      if (width <= 0 || height <= 0 || width * height > maxPixels) {
        return Optional.empty();
      }
      // The smallest step leaving at most twice the thumbnail's long side (so at least once it).
      int step = (int) Math.max(1, Math.ceilDiv(Math.max(width, height), 2L * LONG_SIDE));
      ImageReadParam param = reader.getDefaultReadParam();
      param.setSourceSubsampling(step, step, 0, 0);
      BufferedImage decoded = reader.read(0, param);
      // A truncated file decodes with a warning and grey rows: no thumbnail rather than that.
      return damaged[0] ? Optional.empty() : Optional.of(decoded);
    } finally {
      reader.dispose();
    }
  }

  /** Scaled to fit {@value #LONG_SIDE} pixels (never enlarged), on white, without alpha. */
  private static BufferedImage fit(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    double scale = Math.min(1.0, (double) LONG_SIDE / Math.max(width, height));
    int targetWidth = Math.max(1, (int) Math.round(width * scale));
    int targetHeight = Math.max(1, (int) Math.round(height * scale));
    BufferedImage current = image;
    // Halving steps first, then one bilinear step: one bilinear step over more than 2x aliases.
    while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
      current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
    }
    return draw(current, targetWidth, targetHeight);
  }

  private static BufferedImage draw(BufferedImage image, int width, int height) {
    var out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, width, height, Color.WHITE, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    return jpeg(image, QUALITY);
  }

  /** The image as a JPEG of the given quality, from 0 to 1. */
  static byte[] jpeg(BufferedImage image, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    var bytes = new ByteArrayOutputStream();
    try (var out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
