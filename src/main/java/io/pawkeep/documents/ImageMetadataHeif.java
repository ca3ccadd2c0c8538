package io.pawkeep.documents;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HEIC/HEIF (ISO base media boxes). Its EXIF and XMP are items located by byte offsets in {@code
 * iloc}; removing them safely means rewriting those offsets, so an image carrying either is refused
 * rather than stored with its location (FILE-1). Without them it is kept as is.
 */
final class ImageMetadataHeif {

  private ImageMetadataHeif() {}

  static byte[] strip(byte[] in) throws ImageMetadataException {
    for (String itemType : itemTypes(in)) {
      if (itemType.equals("Exif") || itemType.equals("mime")) {
        throw new ImageMetadataException(
            ImageMetadataException.Kind.NOT_REMOVABLE,
            "HEIC/HEIF images carrying EXIF or XMP metadata (such as location) are not accepted;"
                + " export the photo as JPEG");
      }
    }
    return in;
  }

  /** The item types named in meta/iinf (Exif, mime for XMP, hvc1, grid...). */
  static List<String> itemTypes(byte[] in) throws ImageMetadataException {
    var types = new ArrayList<String>();
    Box meta = ImageMetadataHeaders.child(in, 0, in.length, "meta");
    if (meta == null) {
      throw ImageMetadataException.malformed("the HEIC/HEIF image has no metadata box");
    }
    Box iinf = ImageMetadataHeaders.child(in, meta.body() + 4, meta.end(), "iinf");
    if (iinf == null) {
      throw ImageMetadataException.malformed("the HEIC/HEIF image has no item information");
    }
    int entries = iinf.body() + 4 + ((in[iinf.body()] & 0xFF) == 0 ? 2 : 4);
    for (Box infe : ImageMetadataHeaders.children(in, entries, iinf.end())) {
      if (!infe.type().equals("infe")) {
        continue;
      }
      int version = in[infe.body()] & 0xFF;
      if (version < 2) {
        throw ImageMetadataException.malformed("the HEIC/HEIF item information is too old to read");
      }
      int at = infe.body() + 4 + (version == 2 ? 2 : 4) + 2;
      if (at + 4 > infe.end()) {
        throw ImageMetadataException.malformed("the HEIC/HEIF image is truncated or damaged");
      }
      types.add(new String(in, at, 4, StandardCharsets.ISO_8859_1));
    }
    return types;
  }

  /** One box: its type, where its body starts and where it ends. */
  record Box(String type, int body, int end) {}
}
