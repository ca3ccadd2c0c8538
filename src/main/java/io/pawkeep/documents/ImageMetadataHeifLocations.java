package io.pawkeep.documents;

import io.pawkeep.documents.ImageMetadataHeif.Box;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each item's bytes lie, read from the {@code iloc} box (ISO/IEC 14496-12, 8.11.3): for each
 * item its construction method (0 = file offsets, 1 = offsets in the meta box's {@code idat}, 2 =
 * inside another item), its data reference (0 = this file) and its extents. Reads every field with
 * its bounds checked: a damaged box is an {@link ImageMetadataException}, never an exception of the
 * array.
 */
final class ImageMetadataHeifLocations {

  /** One item's location: {@code extents} are {offset, length} as written (base included). */
  record Location(int method, int reference, List<long[]> extents) {}

  private final byte[] in;
  private final int end;
  private int pos;

  private ImageMetadataHeifLocations(byte[] in, Box iloc) {
    this.in = in;
    this.pos = iloc.body();
    this.end = iloc.end();
  }

  /** Every item's location; an item listed twice is damage. */
  static Map<Long, Location> of(byte[] in, Box iloc) throws ImageMetadataException {
    return new ImageMetadataHeifLocations(in, iloc).read();
  }

  private Map<Long, Location> read() throws ImageMetadataException {
    int version = (int) number(1);
    number(3); // flags
    int sizes = (int) number(1);
    int offsetSize = size(sizes >> 4);
    int lengthSize = size(sizes & 0xF);
    int more = (int) number(1);
    int baseOffsetSize = size(more >> 4);
    int indexSize = version == 1 || version == 2 ? size(more & 0xF) : 0;
    if (version > 2) {
      throw damaged();
    }
    long count = number(version < 2 ? 2 : 4);
    var locations = new HashMap<Long, Location>();
    for (long i = 0; i < count; i++) {
      long id = number(version < 2 ? 2 : 4);
      int method = version == 0 ? 0 : (int) (number(2) & 0xF);
      int reference = (int) number(2);
      long base = number(baseOffsetSize);
      int extentCount = (int) number(2);
      var extents = new ArrayList<long[]>();
      for (int e = 0; e < extentCount; e++) {
        number(indexSize); // extent_index: only meaningful for construction method 2
        long offset = number(offsetSize);
        long length = number(lengthSize);
        if (offset > Long.MAX_VALUE - base) {
          throw damaged();
        }
        extents.add(new long[] {base + offset, length});
      }
      if (locations.put(id, new Location(method, reference, List.copyOf(extents))) != null) {
        throw damaged();
      }
    }
    return locations;
  }

  /** A field size in bytes: 0, 4 or 8. */
  private static int size(int value) throws ImageMetadataException {
    if (value != 0 && value != 4 && value != 8) {
      throw damaged();
    }
    return value;
  }

  /** An unsigned big-endian number of {@code bytes} bytes (at most 2^63 - 1). */
  private long number(int bytes) throws ImageMetadataException {
    if (bytes > end - pos) {
      throw damaged();
    }
    long value = 0;
    for (int i = 0; i < bytes; i++) {
      value = value << 8 | (in[pos++] & 0xFF);
    }
    if (value < 0) {
      throw damaged();
    }
    return value;
  }

  private static ImageMetadataException damaged() {
    return ImageMetadataException.malformed(
        "the HEIC/HEIF item locations are truncated or damaged");
  }
}
