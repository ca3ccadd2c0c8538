package io.pawkeep.documents;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * PNG at the chunk level: only chunks that draw the image are kept, copied with their CRCs; text
 * (tEXt, iTXt, zTXt, where XMP lives), eXIf, tIME and unknown private chunks are dropped.
 */
final class ImageMetadataPng {

  static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private static final Set<String> KEPT =
      Set.of(
          "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA", "iCCP", "sBIT", "sRGB", "cICP",
          "mDCV", "cLLI", "bKGD", "hIST", "pHYs", "sPLT", "acTL", "fcTL", "fdAT");

  private ImageMetadataPng() {}

  static byte[] strip(byte[] in) throws ImageMetadataException {
    if (in.length < SIGNATURE.length
        || !Arrays.equals(in, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
      throw ImageMetadataException.malformed("not a PNG image");
    }
    var out = new ByteArrayOutputStream(in.length);
    out.writeBytes(SIGNATURE);
    int pos = SIGNATURE.length;
    while (pos + 12 <= in.length) {
      long length = ImageMetadataHeaders.u32be(in, pos);
      if (length > in.length - pos - 12) {
        break;
      }
      String type = new String(in, pos + 4, 4, StandardCharsets.ISO_8859_1);
      int end = pos + 12 + (int) length;
      if (KEPT.contains(type)) {
        out.write(in, pos, end - pos);
      }
      if (type.equals("IEND")) {
        return out.toByteArray(); // anything after the end of the image is dropped
      }
      pos = end;
    }
    throw ImageMetadataException.malformed("the PNG image is truncated or damaged");
  }
}
