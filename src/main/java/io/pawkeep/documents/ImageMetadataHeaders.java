package io.pawkeep.documents;

import io.pawkeep.documents.ImageMetadataHeif.Box;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Pixel dimensions read from image headers, never by decoding (decompression bombs, FILE-1). */
final class ImageMetadataHeaders {

  private ImageMetadataHeaders() {}

  /**
   * {width, height, pixels to decode} of the image, from its header; the third is width x height
   * except for HEIC/HEIF grids, whose tiles may be larger than the picture.
   */
  static long[] dimensions(String type, byte[] in) throws ImageMetadataException {
    return switch (type) {
      case "image/png" -> png(in);
      case "image/jpeg" -> jpeg(in);
      case "image/webp" -> webp(in);
      case "image/heic", "image/heif" -> heif(in);
      default -> throw new IllegalArgumentException("not an image type: " + type);
    };
  }

  private static long[] png(byte[] in) throws ImageMetadataException {
    if (in.length < 24 || !new String(in, 12, 4, StandardCharsets.ISO_8859_1).equals("IHDR")) {
      throw ImageMetadataException.malformed("the PNG image has no header");
    }
    return withPixels(u32be(in, 16), u32be(in, 20));
  }

  private static long[] jpeg(byte[] in) throws ImageMetadataException {
    int pos = 2;
    while (pos + 4 <= in.length && (in[pos] & 0xFF) == 0xFF) {
      int marker = in[pos + 1] & 0xFF;
      if (marker == 0xFF) {
        pos++;
        continue;
      }
      int length = (in[pos + 2] & 0xFF) << 8 | (in[pos + 3] & 0xFF);
      boolean frame =
          marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (frame && pos + 9 <= in.length) {
        int height = (in[pos + 5] & 0xFF) << 8 | (in[pos + 6] & 0xFF);
        int width = (in[pos + 7] & 0xFF) << 8 | (in[pos + 8] & 0xFF);
        return withPixels(width, height);
      }
      if (marker == 0xDA || marker == 0xD9 || length < 2) {
        break;
      }
      pos += 2 + length;
    }
    throw ImageMetadataException.malformed("the JPEG image has no frame header");
  }

  private static long[] webp(byte[] in) throws ImageMetadataException {
    long riffEnd = ImageMetadataWebp.riffEnd(in);
    int pos = 12;
    if (pos + 8 <= riffEnd) {
      String type = new String(in, pos, 4, StandardCharsets.ISO_8859_1);
      int p = pos + 8;
      if (type.equals("VP8X") && p + 10 <= riffEnd) {
        return withPixels(1 + u24le(in, p + 4), 1 + u24le(in, p + 7));
      }
      if (type.equals("VP8L") && p + 5 <= riffEnd && (in[p] & 0xFF) == 0x2F) {
        long bits = u32le(in, p + 1);
        return withPixels(1 + (bits & 0x3FFF), 1 + (bits >> 14 & 0x3FFF));
      }
      if (type.equals("VP8 ") && p + 10 <= riffEnd) {
        return withPixels(
            in[p + 6] & 0xFF | (in[p + 7] & 0x3F) << 8, in[p + 8] & 0xFF | (in[p + 9] & 0x3F) << 8);
      }
    }
    throw ImageMetadataException.malformed("the WebP image has no frame header");
  }

  /**
   * The primary item's image spatial extent (pitm, ipma, ipco/ispe). A grid's tiles are decoded
   * too, so the check also counts the largest ispe of any item: a third value, the pixels to
   * decode.
   */
  private static long[] heif(byte[] in) throws ImageMetadataException {
    Box meta = child(in, 0, in.length, "meta");
    Box pitm = meta == null ? null : child(in, meta.body() + 4, meta.end(), "pitm");
    Box iprp = meta == null ? null : child(in, meta.body() + 4, meta.end(), "iprp");
    Box ipco = iprp == null ? null : child(in, iprp.body(), iprp.end(), "ipco");
    Box ipma = iprp == null ? null : child(in, iprp.body(), iprp.end(), "ipma");
    if (pitm == null || ipco == null || ipma == null || pitm.body() + 6 > pitm.end()) {
      throw ImageMetadataException.malformed("the HEIC/HEIF image has no size");
    }
    long primary =
        in[pitm.body()] == 0
            ? (in[pitm.body() + 4] & 0xFF) << 8 | (in[pitm.body() + 5] & 0xFF)
            : u32be(in, pitm.body() + 4);
    List<Box> properties = children(in, ipco.body(), ipco.end());
    long largest = 0;
    for (Box box : properties) {
      if (box.type().equals("ispe") && box.body() + 12 <= box.end()) {
        largest = Math.max(largest, u32be(in, box.body() + 4) * u32be(in, box.body() + 8));
      }
    }
    for (int index : associations(in, ipma, primary)) {
      Box box = index >= 1 && index <= properties.size() ? properties.get(index - 1) : null;
      if (box != null && box.type().equals("ispe") && box.body() + 12 <= box.end()) {
        return new long[] {u32be(in, box.body() + 4), u32be(in, box.body() + 8), largest};
      }
    }
    throw ImageMetadataException.malformed("the HEIC/HEIF image has no size");
  }

  /** The 1-based ipco indexes associated with one item in ipma. */
  private static List<Integer> associations(byte[] in, Box ipma, long item)
      throws ImageMetadataException {
    int version = in[ipma.body()] & 0xFF;
    boolean wide = (in[ipma.body() + 3] & 1) == 1;
    int pos = ipma.body() + 4;
    long entries = u32be(in, pos);
    pos += 4;
    for (long e = 0; e < entries; e++) {
      if (pos + (version < 1 ? 3 : 5) > ipma.end()) {
        break;
      }
      long id = version < 1 ? (in[pos] & 0xFF) << 8 | (in[pos + 1] & 0xFF) : u32be(in, pos);
      pos += version < 1 ? 2 : 4;
      int count = in[pos++] & 0xFF;
      var indexes = new ArrayList<Integer>();
      for (int a = 0; a < count && pos + (wide ? 2 : 1) <= ipma.end(); a++) {
        indexes.add(wide ? ((in[pos] & 0x7F) << 8 | (in[pos + 1] & 0xFF)) : in[pos] & 0x7F);
        pos += wide ? 2 : 1;
      }
      if (id == item) {
        return indexes;
      }
    }
    throw ImageMetadataException.malformed("the HEIC/HEIF image is truncated or damaged");
  }

  private static long[] withPixels(long width, long height) {
    return new long[] {width, height, width * height};
  }

  /** The boxes between {@code from} and {@code to}; a box overrunning its parent is damage. */
  static List<Box> children(byte[] in, int from, int to) throws ImageMetadataException {
    var boxes = new ArrayList<Box>();
    int pos = from;
    while (pos + 8 <= to) {
      long size = u32be(in, pos);
      String type = new String(in, pos + 4, 4, StandardCharsets.ISO_8859_1);
      int header = 8;
      if (size == 1) {
        if (pos + 16 > to) {
          break;
        }
        size = u32be(in, pos + 8) << 32 | u32be(in, pos + 12);
        header = 16;
      } else if (size == 0) {
        size = to - pos;
      }
      if (size < header || size > to - pos) {
        throw ImageMetadataException.malformed("the HEIC/HEIF image is truncated or damaged");
      }
      boxes.add(new Box(type, pos + header, (int) (pos + size)));
      pos += (int) size;
    }
    return boxes;
  }

  static Box child(byte[] in, int from, int to, String type) throws ImageMetadataException {
    for (Box box : children(in, from, to)) {
      if (box.type().equals(type)) {
        return box;
      }
    }
    return null;
  }

  static long u32be(byte[] b, int at) {
    return (b[at] & 0xFFL) << 24
        | (b[at + 1] & 0xFF) << 16
        | (b[at + 2] & 0xFF) << 8
        | b[at + 3] & 0xFF;
  }

  static long u32le(byte[] b, int at) {
    return (b[at + 3] & 0xFFL) << 24
        | (b[at + 2] & 0xFF) << 16
        | (b[at + 1] & 0xFF) << 8
        | b[at] & 0xFF;
  }

  private static long u24le(byte[] b, int at) {
    return (b[at + 2] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | b[at] & 0xFF;
  }
}
