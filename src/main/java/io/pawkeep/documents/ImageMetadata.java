package io.pawkeep.documents;

/**
 * Removes location and identifying metadata from images (FILE-1) without re-encoding them: EXIF
 * (GPS, camera serials, maker notes), XMP, IPTC/Photoshop, comments and any trailer after the
 * image's end (a payload hidden after it, or a phone's embedded video). JPEG keeps only the EXIF
 * orientation, so photos are not shown rotated. HEIC/HEIF keeps its layout: its EXIF and XMP items
 * are emptied in place (their bytes are located by {@code iloc} offsets that must not move); one
 * whose metadata cannot be located reliably is refused, as an image whose location cannot be
 * removed is not stored.
 */
public final class ImageMetadata {

  private ImageMetadata() {}

  /**
   * The image's bytes without metadata. {@code type} is the sniffed type: image/jpeg, image/png,
   * image/webp, image/heic or image/heif.
   *
   * @throws ImageMetadataException MALFORMED when the bytes are not one whole image (a truncated
   *     JPEG, a PNG without IEND), NOT_REMOVABLE when the metadata cannot be removed
   */
  public static byte[] strip(String type, byte[] image) throws ImageMetadataException {
    return switch (type) {
      case "image/jpeg" -> ImageMetadataJpeg.strip(image);
      case "image/png" -> ImageMetadataPng.strip(image);
      case "image/webp" -> ImageMetadataWebp.strip(image);
      case "image/heic", "image/heif" -> ImageMetadataHeif.strip(image);
      default -> throw new IllegalArgumentException("not an image type this strips: " + type);
    };
  }
}
