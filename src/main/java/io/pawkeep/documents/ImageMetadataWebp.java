package io.pawkeep.documents;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * WebP at the RIFF chunk level: EXIF, XMP and unknown chunks are dropped, the VP8X flags that
 * announce EXIF and XMP cleared and the RIFF size recomputed; image data is copied untouched.
 */
final class ImageMetadataWebp {

  private static final Set<String> KEPT =
      Set.of("VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF", "ICCP");
  private static final int EXIF_FLAG = 0x08;
  private static final int XMP_FLAG = 0x04;

  private ImageMetadataWebp() {}

  static byte[] strip(byte[] in) throws ImageMetadataException {
    long riffEnd = riffEnd(in);
    var body = new ByteArrayOutputStream(in.length);
    int pos = 12;
    while (pos < riffEnd) {
      if (pos + 8 > riffEnd) {
        throw ImageMetadataException.malformed("the WebP image is truncated or damaged");
      }
      String type = new String(in, pos, 4, StandardCharsets.ISO_8859_1);
      long size = ImageMetadataHeaders.u32le(in, pos + 4);
      long end = pos + 8 + size + (size & 1);
      if (end > riffEnd) {
        throw ImageMetadataException.malformed("the WebP image is truncated or damaged");
      }
      if (KEPT.contains(type)) {
        byte[] chunk = Arrays.copyOfRange(in, pos, (int) end);
        if (type.equals("VP8X") && size >= 1) {
          chunk[8] &= (byte) ~(EXIF_FLAG | XMP_FLAG);
        }
        body.writeBytes(chunk);
      }
      pos = (int) end;
    }
    var out = new ByteArrayOutputStream(body.size() + 12);
    out.write(in, 0, 4);
    int riffSize = body.size() + 4;
    out.write(riffSize & 0xFF);
    out.write(riffSize >> 8 & 0xFF);
    out.write(riffSize >> 16 & 0xFF);
    out.write(riffSize >> 24 & 0xFF);
    out.write(in, 8, 4);
    out.writeBytes(body.toByteArray());
    return out.toByteArray(); // anything after the RIFF size is dropped
  }

  /** The end of the RIFF container as its header says, checked against the bytes present. */
  static long riffEnd(byte[] in) throws ImageMetadataException {
    if (in.length < 12
        || !new String(in, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")
        || !new String(in, 8, 4, StandardCharsets.ISO_8859_1).equals("WEBP")) {
      throw ImageMetadataException.malformed("not a WebP image");
    }
    long end = 8 + ImageMetadataHeaders.u32le(in, 4);
    if (end > in.length || end < 12) {
      throw ImageMetadataException.malformed("the WebP image is truncated or damaged");
    }
    return end;
  }
}
