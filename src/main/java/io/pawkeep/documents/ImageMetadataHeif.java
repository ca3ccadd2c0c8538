package io.pawkeep.documents;

import io.pawkeep.documents.ImageMetadataHeifLocations.Location;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HEIC/HEIF (ISO base media boxes) loses its location in place (FILE-1). Its EXIF and XMP are items
 * whose bytes {@code iloc} locates by offset; moving or dropping them would mean rewriting every
 * offset after them. Instead each EXIF item is overwritten, byte for byte, by an empty EXIF of the
 * same length (its TIFF header offset kept, a TIFF header with an empty IFD0, zeros) and each XMP
 * item by an empty XMP packet padded with whitespace, as XMP's padding allows. The file keeps its
 * layout, every box and every offset; the picture's orientation lives in its {@code irot}/{@code
 * imir} properties, which stay. Anything whose bytes cannot be located reliably (items inside other
 * items or other files, extents outside the data boxes or overlapping other items, compressed or
 * unknown metadata, JPEG-coded items, tracks) is refused.
 */
final class ImageMetadataHeif {

  // Top-level boxes of a still image: anything else (tracks with their own metadata, vendor uuid
  // boxes) could carry a location this does not remove.
  private static final Set<String> TOP_LEVEL = Set.of("ftyp", "meta", "mdat", "free", "skip");
  // Items whose content could hold a location that cannot be emptied in place.
  private static final Set<String> REFUSED_ITEMS = Set.of("jpeg", "uri ");
  private static final String XMP_TYPE = "application/rdf+xml";
  private static final byte[] EXIF_PREFIX = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
  // Big-endian TIFF header, IFD0 at 8 holding no entry, no next IFD.
  private static final byte[] EMPTY_TIFF = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0};
  private static final byte[] XMP_BARE = utf8("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>");
  private static final byte[] XMP_HEAD =
      utf8(
          "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
              + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>\n");
  private static final byte[] XMP_TAIL = utf8("<?xpacket end=\"w\"?>");

  private ImageMetadataHeif() {}

  static byte[] strip(byte[] in) throws ImageMetadataException {
    List<Box> top = ImageMetadataHeaders.children(in, 0, in.length);
    var metas = new ArrayList<Box>();
    var mdats = new ArrayList<Box>();
    for (Box box : top) {
      if (!TOP_LEVEL.contains(box.type())) {
        throw notRemovable();
      }
      if (box.type().equals("meta")) {
        metas.add(box);
      } else if (box.type().equals("mdat")) {
        mdats.add(box);
      }
    }
    if (metas.isEmpty()) {
      throw ImageMetadataException.malformed("the HEIC/HEIF image has no metadata box");
    }
    if (metas.size() > 1) {
      throw notRemovable();
    }
    Box meta = metas.getFirst();
    var metadata = new ArrayList<Item>();
    for (Item item : items(in)) {
      if (REFUSED_ITEMS.contains(item.type())
          || item.type().equals("mime")
              && (!item.contentType().equals(XMP_TYPE) || !item.encoding().isEmpty())) {
        throw notRemovable();
      }
      if (item.type().equals("Exif") || item.type().equals("mime")) {
        metadata.add(item);
      }
    }
    if (metadata.isEmpty()) {
      return in;
    }
    Box iloc = ImageMetadataHeaders.child(in, meta.body() + 4, meta.end(), "iloc");
    Box idat = ImageMetadataHeaders.child(in, meta.body() + 4, meta.end(), "idat");
    if (iloc == null) {
      throw notRemovable();
    }
    Map<Long, Location> locations = ImageMetadataHeifLocations.of(in, iloc);
    byte[] out = in.clone();
    for (Item item : metadata) {
      List<long[]> spans = spans(locations.get(item.id()), mdats, idat);
      for (var other : locations.entrySet()) {
        if (overlaps(spans, other.getKey() == item.id(), other.getValue(), idat)) {
          throw notRemovable();
        }
      }
      byte[] data = gather(in, spans);
      byte[] empty = item.type().equals("Exif") ? emptyExif(data) : emptyXmp(data.length);
      scatter(empty, spans, out);
    }
    return out;
  }

  /**
   * The item's bytes as {start, end} in the file; refused unless every extent lies whole inside an
   * mdat box's body (construction method 0) or the idat box's body (1).
   */
  private static List<long[]> spans(Location location, List<Box> mdats, Box idat)
      throws ImageMetadataException {
    if (location == null || location.reference() != 0 || location.extents().isEmpty()) {
      throw notRemovable();
    }
    var spans = new ArrayList<long[]>();
    for (long[] extent : location.extents()) {
      long[] span = span(location.method(), extent, idat);
      List<Box> holders =
          location.method() == 0 ? mdats : idat == null ? List.<Box>of() : List.of(idat);
      boolean inside = false;
      for (Box holder : holders) {
        inside |= span != null && span[0] >= holder.body() && span[1] <= holder.end();
      }
      if (!inside || span[1] == span[0]) {
        throw notRemovable();
      }
      spans.add(span);
    }
    return spans;
  }

  /** {start, end} in the file of one extent, or null when it is not in this file's bytes. */
  private static long[] span(int method, long[] extent, Box idat) {
    long start =
        method == 0 ? extent[0] : method == 1 && idat != null ? idat.body() + extent[0] : -1;
    if (start < 0 || extent[1] > Long.MAX_VALUE - start) {
      return null;
    }
    return new long[] {start, start + extent[1]};
  }

  /** Whether {@code spans} share a byte with another item's extents, or with each other. */
  private static boolean overlaps(List<long[]> spans, boolean same, Location other, Box idat) {
    if (same) {
      for (int i = 0; i < spans.size(); i++) {
        for (int j = i + 1; j < spans.size(); j++) {
          if (intersect(spans.get(i), spans.get(j))) {
            return true;
          }
        }
      }
      return false;
    }
    if (other.reference() != 0) {
      return false; // in another file
    }
    for (long[] extent : other.extents()) {
      long[] theirs = span(other.method(), extent, idat);
      if (theirs == null) {
        continue; // inside another item (method 2): covered by that item's own extents
      }
      if (extent[1] == 0) {
        theirs = new long[] {theirs[0], Long.MAX_VALUE}; // "to the end": everything after
      }
      for (long[] ours : spans) {
        if (intersect(ours, theirs)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean intersect(long[] a, long[] b) {
    return a[0] < b[1] && b[0] < a[1];
  }

  private static byte[] gather(byte[] in, List<long[]> spans) {
    var data = new ByteArrayOutputStream();
    for (long[] span : spans) {
      data.write(in, (int) span[0], (int) (span[1] - span[0]));
    }
    return data.toByteArray();
  }

  private static void scatter(byte[] data, List<long[]> spans, byte[] out) {
    int from = 0;
    for (long[] span : spans) {
      int length = (int) (span[1] - span[0]);
      System.arraycopy(data, from, out, (int) span[0], length);
      from += length;
    }
  }

  /**
   * An EXIF item of the same length without any tag: the 4-byte offset of the TIFF header kept (and
   * the "Exif\0\0" before it when there was one), an empty TIFF, zeros up to the end.
   */
  private static byte[] emptyExif(byte[] item) throws ImageMetadataException {
    if (item.length < 4) {
      throw notRemovable();
    }
    long offset = ImageMetadataHeaders.u32be(item, 0);
    if (offset > item.length - 4L - EMPTY_TIFF.length) {
      throw notRemovable();
    }
    int tiff = 4 + (int) offset;
    byte[] empty = new byte[item.length];
    System.arraycopy(item, 0, empty, 0, 4);
    int prefix = tiff - EXIF_PREFIX.length;
    if (prefix >= 4 && Arrays.equals(item, prefix, tiff, EXIF_PREFIX, 0, EXIF_PREFIX.length)) {
      System.arraycopy(EXIF_PREFIX, 0, empty, prefix, EXIF_PREFIX.length);
    }
    System.arraycopy(EMPTY_TIFF, 0, empty, tiff, EMPTY_TIFF.length);
    return empty;
  }

  /** An XMP packet with an empty xmpmeta, padded with whitespace to {@code length} bytes. */
  private static byte[] emptyXmp(int length) throws ImageMetadataException {
    byte[] empty = new byte[length];
    Arrays.fill(empty, (byte) ' ');
    if (length >= XMP_HEAD.length + XMP_TAIL.length) {
      System.arraycopy(XMP_HEAD, 0, empty, 0, XMP_HEAD.length);
      for (int at = XMP_HEAD.length + 99; at < length - XMP_TAIL.length; at += 100) {
        empty[at] = '\n'; // XMP's padding: lines of whitespace
      }
      System.arraycopy(XMP_TAIL, 0, empty, length - XMP_TAIL.length, XMP_TAIL.length);
    } else if (length >= XMP_BARE.length) {
      System.arraycopy(XMP_BARE, 0, empty, 0, XMP_BARE.length);
    } else {
      throw notRemovable();
    }
    return empty;
  }

  /** The item types named in meta/iinf (Exif, mime for XMP, hvc1, grid...). */
  static List<String> itemTypes(byte[] in) throws ImageMetadataException {
    return items(in).stream().map(Item::type).toList();
  }

  /** The items declared in meta/iinf, in order. */
  static List<Item> items(byte[] in) throws ImageMetadataException {
    var items = new ArrayList<Item>();
    Box meta = ImageMetadataHeaders.child(in, 0, in.length, "meta");
    if (meta == null || meta.body() + 4 > meta.end()) {
      throw ImageMetadataException.malformed("the HEIC/HEIF image has no metadata box");
    }
    Box iinf = ImageMetadataHeaders.child(in, meta.body() + 4, meta.end(), "iinf");
    if (iinf == null || iinf.body() + 4 > iinf.end()) {
      throw ImageMetadataException.malformed("the HEIC/HEIF image has no item information");
    }
    int entries = iinf.body() + 4 + ((in[iinf.body()] & 0xFF) == 0 ? 2 : 4);
    for (Box infe : ImageMetadataHeaders.children(in, entries, iinf.end())) {
      if (infe.type().equals("infe")) {
        items.add(item(in, infe));
      }
    }
    return items;
  }

  private static Item item(byte[] in, Box infe) throws ImageMetadataException {
    if (infe.body() + 4 > infe.end()) {
      throw damaged();
    }
    int version = in[infe.body()] & 0xFF;
    if (version < 2) {
      throw ImageMetadataException.malformed("the HEIC/HEIF item information is too old to read");
    }
    int at = infe.body() + 4;
    int idSize = version == 2 ? 2 : 4;
    if (at + idSize + 2 + 4 > infe.end()) {
      throw damaged();
    }
    long id =
        idSize == 2
            ? (in[at] & 0xFF) << 8 | (in[at + 1] & 0xFF)
            : ImageMetadataHeaders.u32be(in, at);
    at += idSize + 2; // item_ID, item_protection_index
    String type = new String(in, at, 4, StandardCharsets.ISO_8859_1);
    at += 4;
    int next = stringEnd(in, at, infe.end()) + 1; // after item_name
    String contentType = "";
    String encoding = "";
    if (type.equals("mime") && next < infe.end()) {
      int typeEnd = stringEnd(in, next, infe.end());
      contentType = new String(in, next, typeEnd - next, StandardCharsets.UTF_8).strip();
      next = typeEnd + 1;
      if (next < infe.end()) {
        int encodingEnd = stringEnd(in, next, infe.end());
        encoding = new String(in, next, encodingEnd - next, StandardCharsets.UTF_8);
      }
    }
    return new Item(id, type, contentType, encoding.strip());
  }

  /** Where a null-terminated string starting at {@code from} ends (its terminator, or the end). */
  private static int stringEnd(byte[] in, int from, int end) {
    int at = from;
    while (at < end && in[at] != 0) {
      at++;
    }
    return at;
  }

  private static ImageMetadataException notRemovable() {
    return new ImageMetadataException(
        ImageMetadataException.Kind.NOT_REMOVABLE,
        "the HEIC/HEIF image carries metadata (such as location) that cannot be removed;"
            + " export the photo as JPEG");
  }

  private static ImageMetadataException damaged() {
    return ImageMetadataException.malformed("the HEIC/HEIF image is truncated or damaged");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** One item of meta/iinf; content type and encoding are those of a {@code mime} item. */
  record Item(long id, String type, String contentType, String encoding) {}

  /** One box: its type, where its body starts and where it ends. */
  record Box(String type, int body, int end) {}
}
