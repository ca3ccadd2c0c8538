package io.pawkeep.documents;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** JPEG at the segment level: the entropy-coded data is copied untouched. */
final class ImageMetadataJpeg {

  private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] ICC = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] JFIF = "JFIF\0".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] ADOBE = "Adobe".getBytes(StandardCharsets.ISO_8859_1);

  private ImageMetadataJpeg() {}

  static byte[] strip(byte[] in) throws ImageMetadataException {
    if (in.length < 4 || (in[0] & 0xFF) != 0xFF || (in[1] & 0xFF) != 0xD8) {
      throw ImageMetadataException.malformed("not a JPEG image");
    }
    var out = new ByteArrayOutputStream(in.length);
    out.write(0xFF);
    out.write(0xD8);
    int pos = 2;
    boolean oriented = false;
    while (true) {
      if (pos >= in.length || (in[pos] & 0xFF) != 0xFF) {
        throw ImageMetadataException.malformed("the JPEG image is truncated or damaged");
      }
      while (pos < in.length && (in[pos] & 0xFF) == 0xFF) {
        pos++; // fill bytes before a marker
      }
      if (pos >= in.length) {
        throw ImageMetadataException.malformed("the JPEG image is truncated or damaged");
      }
      int marker = in[pos++] & 0xFF;
      if (marker == 0xD9) {
        out.write(0xFF);
        out.write(0xD9);
        return out.toByteArray(); // anything after the end of the image is dropped
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        out.write(0xFF);
        out.write(marker);
        continue;
      }
      if (pos + 2 > in.length) {
        throw ImageMetadataException.malformed("the JPEG image is truncated or damaged");
      }
      int length = ((in[pos] & 0xFF) << 8) | (in[pos + 1] & 0xFF);
      int end = pos + length;
      if (length < 2 || end > in.length) {
        throw ImageMetadataException.malformed("the JPEG image is truncated or damaged");
      }
      int payload = pos + 2;
      if (marker == 0xE1 && startsWith(in, payload, end, EXIF)) {
        Integer orientation = orientation(in, payload + EXIF.length, end);
        if (orientation != null && !oriented) {
          out.writeBytes(orientationOnly(orientation));
          oriented = true;
        }
      } else if (keep(marker, in, payload, end)) {
        out.write(0xFF);
        out.write(marker);
        out.write(in, pos, length);
      }
      pos = end;
      if (marker == 0xDA) {
        pos = copyScan(in, pos, out);
      }
    }
  }

  /** Markers kept: everything that decodes the image; of APPn only JFIF, ICC and Adobe. */
  private static boolean keep(int marker, byte[] in, int from, int to) {
    if (marker == 0xFE) {
      return false; // comment
    }
    if (marker < 0xE0 || marker > 0xEF) {
      return true;
    }
    return (marker == 0xE0 && startsWith(in, from, to, JFIF))
        || (marker == 0xE2 && startsWith(in, from, to, ICC))
        || (marker == 0xEE && startsWith(in, from, to, ADOBE));
  }

  /** Copies entropy-coded data up to the next marker (stuffed 0xFF00 and restarts are data). */
  private static int copyScan(byte[] in, int pos, ByteArrayOutputStream out)
      throws ImageMetadataException {
    int start = pos;
    while (pos + 1 < in.length) {
      if ((in[pos] & 0xFF) == 0xFF) {
        int next = in[pos + 1] & 0xFF;
        if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
          out.write(in, start, pos - start);
          return pos;
        }
      }
      pos++;
    }
    throw ImageMetadataException.malformed("the JPEG image is truncated or damaged");
  }

  /**
   * The EXIF orientation (1 to 8) of a JPEG, from its first EXIF segment before the scan; 1 (as
   * stored) when there is none or it is unreadable.
   */
  static int orientationOf(byte[] in) {
    int pos = 2;
    while (pos + 4 <= in.length && (in[pos] & 0xFF) == 0xFF) {
      int marker = in[pos + 1] & 0xFF;
      int end = pos + 2 + ((in[pos + 2] & 0xFF) << 8 | (in[pos + 3] & 0xFF));
      if (marker == 0xDA || marker == 0xD9 || end > in.length || end < pos + 4) {
        break;
      }
      if (marker == 0xE1 && startsWith(in, pos + 4, end, EXIF)) {
        Integer orientation = orientation(in, pos + 4 + EXIF.length, end);
        return orientation == null ? 1 : orientation;
      }
      pos = end;
    }
    return 1;
  }

  /** The Orientation tag (0x0112) of IFD0, or null when absent or unreadable. */
  static Integer orientation(byte[] in, int tiff, int end) {
    if (tiff + 8 > end) {
      return null;
    }
    boolean little = in[tiff] == 'I' && in[tiff + 1] == 'I';
    if (!little && !(in[tiff] == 'M' && in[tiff + 1] == 'M')) {
      return null;
    }
    long ifd = u32(in, tiff + 4, little);
    if (ifd < 8 || tiff + ifd + 2 > end) {
      return null;
    }
    int at = (int) (tiff + ifd);
    int count = u16(in, at, little);
    for (int i = 0; i < count; i++) {
      int entry = at + 2 + 12 * i;
      if (entry + 12 > end) {
        return null;
      }
      if (u16(in, entry, little) == 0x0112 && u16(in, entry + 2, little) == 3) {
        int value = u16(in, entry + 8, little);
        return value >= 1 && value <= 8 ? value : null;
      }
    }
    return null;
  }

  /** A minimal APP1 EXIF segment: IFD0 with the Orientation tag alone, big-endian. */
  private static byte[] orientationOnly(int orientation) {
    byte[] tiff = {
      'M',
      'M',
      0,
      42,
      0,
      0,
      0,
      8, // header, IFD0 at offset 8
      0,
      1, // one entry
      0x01,
      0x12,
      0,
      3,
      0,
      0,
      0,
      1,
      0,
      (byte) orientation,
      0,
      0, // Orientation, SHORT, 1
      0,
      0,
      0,
      0 // no next IFD
    };
    int length = 2 + EXIF.length + tiff.length;
    var segment = new ByteArrayOutputStream();
    segment.write(0xFF);
    segment.write(0xE1);
    segment.write(length >> 8);
    segment.write(length & 0xFF);
    segment.writeBytes(EXIF);
    segment.writeBytes(tiff);
    return segment.toByteArray();
  }

  private static boolean startsWith(byte[] in, int from, int to, byte[] prefix) {
    return to - from >= prefix.length
        && Arrays.equals(in, from, from + prefix.length, prefix, 0, prefix.length);
  }

  private static int u16(byte[] b, int at, boolean little) {
    return little
        ? (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8
        : (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }

  private static long u32(byte[] b, int at, boolean little) {
    return little
        ? (u16(b, at, true) | (long) u16(b, at + 2, true) << 16)
        : ((long) u16(b, at, false) << 16 | u16(b, at + 2, false));
  }
}
