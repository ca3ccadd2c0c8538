package io.pawkeep.documents;

import static io.pawkeep.documents.ImageMetadataTestImages.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FILE-1 for HEIC/HEIF: the EXIF and XMP items lose their content where they lie (every {@code
 * iloc} offset stays right), and anything that cannot be located reliably is refused.
 */
class ImageMetadataHeifTests {

  // heif-info on the resource: "Exif: 240 bytes, XMP: 240 bytes".
  private static final int REAL_ITEM_LENGTH = 240;

  private static final byte[] EMPTY_TIFF = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0};

  /** Made with libheif's heif-enc from {@code phoneJpeg()} (EXIF with GPS, XMP with GPS). */
  @Test
  void aRealHeicPhotoLosesItsGpsInPlaceKeepingItsLayoutBoxesAndItems() throws Exception {
    byte[] original = resource("phone-with-gps.heic");
    assertThat(contains(original, ascii("GPSLatitude"))).isTrue(); // the XMP carries GPS
    assertThat(contains(original, ascii(MAKE))).isTrue(); // the EXIF names the camera
    assertThat(contains(original, new byte[] {0x25, (byte) 0x88})).isTrue(); // GPS IFD, II
    int exif = indexOf(original, ascii("II*\0")) - 4;
    int xmp = indexOf(original, ascii("<x:xmpmeta"));

    byte[] stripped = ImageMetadata.strip("image/heic", original);

    assertThat(stripped).hasSameSizeAs(original);
    for (String gone : new String[] {"GPS", "xmlns:exif", MAKE, "maker secret", "48,51"}) {
      assertThat(contains(stripped, ascii(gone))).as(gone).isFalse();
    }
    assertThat(contains(stripped, new byte[] {0x25, (byte) 0x88})).isFalse();
    // Everything before the EXIF item (ftyp, meta with its iloc offsets, the picture) is untouched.
    assertThat(Arrays.copyOf(stripped, exif)).isEqualTo(Arrays.copyOf(original, exif));
    assertThat(boxes(stripped)).isEqualTo(boxes(original));
    assertThat(ImageMetadataHeif.itemTypes(stripped))
        .containsExactly("hvc1", "grid", "Exif", "mime");
    assertThat(ImageMetadataHeaders.dimensions("image/heic", stripped))
        .isEqualTo(ImageMetadataHeaders.dimensions("image/heic", original));
    // The EXIF item: the same TIFF header offset (0 here), then an empty TIFF, then zeros.
    byte[] exifItem = Arrays.copyOfRange(stripped, exif, exif + REAL_ITEM_LENGTH);
    assertThat(Arrays.copyOf(exifItem, 4)).containsExactly(0, 0, 0, 0);
    assertThat(Arrays.copyOfRange(exifItem, 4, 4 + EMPTY_TIFF.length)).isEqualTo(EMPTY_TIFF);
    assertThat(Arrays.copyOfRange(exifItem, 4 + EMPTY_TIFF.length, REAL_ITEM_LENGTH))
        .containsOnly(0);
    // The XMP item: an empty packet padded with whitespace to the same length.
    String xmpItem =
        new String(stripped, xmp, REAL_ITEM_LENGTH, StandardCharsets.UTF_8).replace("\uFEFF", "");
    assertThat(xmpItem).startsWith("<?xpacket begin=").endsWith("<?xpacket end=\"w\"?>");
    assertThat(xmpItem).contains("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>").doesNotContain("rdf");
    assertThat(Arrays.copyOfRange(stripped, xmp + REAL_ITEM_LENGTH, stripped.length))
        .isEqualTo(Arrays.copyOfRange(original, xmp + REAL_ITEM_LENGTH, original.length));
  }

  /** Decoded by libheif (Debian's libheif-examples) when it is installed; skipped otherwise. */
  @Test
  void theStrippedRealHeicStillDecodesToTheSamePicture(@TempDir Path dir) throws Exception {
    Path convert = Path.of("/usr/bin/heif-convert");
    Assumptions.assumeTrue(Files.isExecutable(convert), "heif-convert is not installed");
    byte[] original = resource("phone-with-gps.heic");
    Files.write(dir.resolve("original.heic"), original);
    Files.write(dir.resolve("stripped.heic"), ImageMetadata.strip("image/heic", original));

    BufferedImage before = decode(convert, dir, "original");
    BufferedImage after = decode(convert, dir, "stripped");

    assertThat(after.getWidth()).isEqualTo(64);
    assertThat(after.getHeight()).isEqualTo(48);
    assertThat(after.getRGB(0, 0, 64, 48, null, 0, 64))
        .isEqualTo(before.getRGB(0, 0, 64, 48, null, 0, 64));
  }

  @Test
  void exifAndXmpSplitIntoSeveralExtentsOrKeptInTheMetaBoxAreEmptiedToo() throws Exception {
    byte[] exif = concat(new byte[4], ascii("MM\0*\0\0\0\u0008GPS 48.8584N 2.2945E serial 4242"));
    byte[] xmp = ascii(XMP + " ".repeat(40));
    for (int method : new int[] {0, 1}) {
      byte[] original = heif(method, 3, exif, xmp, 0);
      assertThat(contains(original, ascii("GPS"))).isTrue();

      byte[] stripped = ImageMetadata.strip("image/heif", original);

      assertThat(contains(stripped, ascii("GPS"))).as("method %d", method).isFalse();
      assertThat(contains(stripped, ascii("4242"))).isFalse();
      assertThat(stripped).hasSameSizeAs(original);
      assertThat(boxes(stripped)).isEqualTo(boxes(original));
      assertThat(contains(stripped, ascii("hevc picture data"))).isTrue();
      // The filler between the extents is not part of the item: it stays as it was.
      assertThat(count(stripped, ascii("--"))).isEqualTo(count(original, ascii("--")));
      assertThat(contains(stripped, ascii("<?xpacket end=\"w\"?>"))).isTrue();
    }
  }

  @Test
  void itemLocationsOfEveryVersionAndFieldSizeAreRead() throws Exception {
    byte[] exif = concat(new byte[4], ascii("MM\0*\0\0\0\u0008GPS 48.8584N 2.2945E serial 4242"));
    for (int version = 0; version <= 2; version++) {
      byte[] original = heif(0, 2, exif, ascii(XMP), 0, version);

      byte[] stripped = ImageMetadata.strip("image/heif", original);

      assertThat(contains(stripped, ascii("GPS"))).as("iloc version %d", version).isFalse();
      assertThat(stripped).hasSameSizeAs(original);
      assertThat(boxes(stripped)).isEqualTo(boxes(original));
      assertThat(contains(stripped, ascii("hevc picture data"))).isTrue();
    }
  }

  /** Apple writes the TIFF header 6 bytes after the offset field, behind "Exif\0\0". */
  @Test
  void anExifWhoseTiffHeaderIsBehindAnExifPrefixKeepsItsOffset() throws Exception {
    byte[] exif = concat(new byte[] {0, 0, 0, 6}, ascii("Exif\0\0MM\0*\0\0\0\u0008GPS 48.85N"));

    byte[] stripped = ImageMetadata.strip("image/heic", heif(0, 1, exif, ascii(XMP), 0));

    int at = lastIndexOf(stripped, ascii("Exif\0\0")) - 4; // the first is the item's type
    assertThat(at).isPositive();
    assertThat(Arrays.copyOfRange(stripped, at, at + 10 + EMPTY_TIFF.length))
        .isEqualTo(concat(new byte[] {0, 0, 0, 6}, ascii("Exif\0\0"), EMPTY_TIFF));
    assertThat(contains(stripped, ascii("GPS"))).isFalse();
  }

  @Test
  void metadataThatCannotBeLocatedReliablyIsRefused() {
    byte[] exif = concat(new byte[4], ascii("MM\0*\0\0\0\u0008GPS 48.8584N 2.2945E"));
    byte[] xmp = ascii(XMP);
    assertNotRemovable(heif(2, 1, exif, xmp, 0)); // stored inside another item
    assertNotRemovable(heif(0, 1, exif, xmp, OVERLAPPING_THE_PICTURE));
    assertNotRemovable(heif(0, 1, exif, xmp, BEYOND_THE_FILE));
    assertNotRemovable(heif(0, 1, exif, xmp, IN_ANOTHER_FILE));
    assertNotRemovable(heif(0, 1, exif, xmp, WHOLE_CONTAINER));
    assertNotRemovable(heif(0, 1, exif, xmp, COMPRESSED_XMP));
    assertNotRemovable(heif(0, 1, exif, xmp, NOT_XMP));
    assertNotRemovable(heif(0, 1, new byte[] {0, 0, 0, 0, 'M', 'M'}, xmp, 0)); // no room for TIFF
    assertNotRemovable(heic(4032, 3024, true)); // an EXIF item with no location at all
    assertNotRemovable(heif(0, 1, exif, xmp, JPEG_PICTURE)); // its own EXIF inside
    // Tracks and vendor boxes carry metadata of their own (a track's udta can hold a location).
    assertNotRemovable(concat(heic(64, 48, false), box("moov", box("udta", ascii("xyz+48+2")))));
    assertNotRemovable(concat(heic(64, 48, false), box("uuid", new byte[16], ascii("GPS"))));
  }

  private static void assertNotRemovable(byte[] heif) {
    assertThatThrownBy(() -> ImageMetadata.strip("image/heif", heif))
        .isInstanceOfSatisfying(
            ImageMetadataException.class,
            e -> assertThat(e.kind()).isEqualTo(ImageMetadataException.Kind.NOT_REMOVABLE));
  }

  // Ways the synthetic file below can be damaged.
  private static final int OVERLAPPING_THE_PICTURE = 1;
  private static final int BEYOND_THE_FILE = 2;
  private static final int IN_ANOTHER_FILE = 3;
  private static final int WHOLE_CONTAINER = 4;
  private static final int COMPRESSED_XMP = 5;
  private static final int NOT_XMP = 6;
  private static final int JPEG_PICTURE = 7;

  /**
   * A HEIF whose picture (item 1) lies in mdat and whose EXIF (item 2, in {@code exifExtents}
   * pieces with "--" between them) and XMP (item 3) lie in mdat (construction method 0), in the
   * meta box's idat (1), or are declared as inside another item (2).
   */
  static byte[] heif(int method, int exifExtents, byte[] exif, byte[] xmp, int damage) {
    return heif(method, exifExtents, exif, xmp, damage, 1);
  }

  /**
   * As above with an iloc of {@code version}: 0 (no construction method, 4-byte fields), 1 (4-byte
   * fields) or 2 (32-bit item ids, 8-byte offsets and lengths, 4-byte extent indexes).
   */
  static byte[] heif(
      int method, int exifExtents, byte[] exif, byte[] xmp, int damage, int version) {
    byte[] picture = ascii("hevc picture data");
    var data = new ByteArrayOutputStream();
    var extents = new ArrayList<long[]>();
    int piece = (exif.length + exifExtents - 1) / exifExtents;
    for (int from = 0; from < exif.length; from += piece) {
      data.writeBytes(ascii("--"));
      int length = Math.min(piece, exif.length - from);
      extents.add(new long[] {data.size(), length});
      data.write(exif, from, length);
    }
    long xmpAt = data.size();
    data.writeBytes(xmp);
    byte[] stored = data.toByteArray();
    boolean inMeta = method != 0;
    byte[] head = new byte[0];
    for (int pass = 0; pass < 2; pass++) {
      long mdatBody = head.length + 8L;
      long base = inMeta ? 0 : mdatBody + picture.length;
      List<long[]> exifAt = new ArrayList<>();
      for (long[] e : extents) {
        exifAt.add(new long[] {base + e[0], e[1]});
      }
      if (damage == OVERLAPPING_THE_PICTURE) {
        exifAt.set(0, new long[] {mdatBody + 4, exifAt.get(0)[1]});
      } else if (damage == BEYOND_THE_FILE) {
        exifAt.set(0, new long[] {exifAt.get(0)[0] + 100_000, exifAt.get(0)[1]});
      } else if (damage == WHOLE_CONTAINER) {
        exifAt.set(0, new long[] {exifAt.get(0)[0], 0});
      }
      byte[] iloc =
          box(
              "iloc",
              new byte[] {(byte) version, 0, 0, 0, version == 2 ? (byte) 0x88 : 0x44},
              new byte[] {version == 2 ? (byte) 0x04 : 0x00},
              version == 2 ? u32(3) : u16(3),
              ilocEntry(version, 1, 0, 0, List.of(new long[] {mdatBody, picture.length})),
              ilocEntry(version, 2, method, damage == IN_ANOTHER_FILE ? 1 : 0, exifAt),
              ilocEntry(version, 3, method, 0, List.of(new long[] {base + xmpAt, xmp.length})));
      String xmpType = damage == NOT_XMP ? "text/plain" : "application/rdf+xml";
      String encoding = damage == COMPRESSED_XMP ? "deflate" : "";
      byte[] iinf =
          box(
              "iinf",
              u32(0),
              u16(3),
              infe(1, damage == JPEG_PICTURE ? "jpeg" : "hvc1", "\0"),
              infe(2, "Exif", "\0"),
              infe(3, "mime", "\0" + xmpType + "\0" + encoding + "\0"));
      byte[] meta =
          box(
              "meta",
              u32(0),
              box("hdlr", u32(0), u32(0), ascii("pict"), new byte[13]),
              box("pitm", u32(0), u16(1)),
              iinf,
              iloc,
              inMeta ? box("idat", stored) : new byte[0]);
      head = concat(box("ftyp", ascii("heic"), u32(0), ascii("mif1heic")), meta);
    }
    return concat(head, box("mdat", picture, inMeta ? new byte[0] : stored));
  }

  private static byte[] infe(int id, String type, String rest) {
    return box("infe", new byte[] {2, 0, 0, 0}, u16(id), u16(0), ascii(type + rest));
  }

  private static byte[] ilocEntry(
      int version, int id, int method, int reference, List<long[]> extents) {
    var out = new ByteArrayOutputStream();
    out.writeBytes(version == 2 ? u32(id) : u16(id));
    if (version > 0) {
      out.writeBytes(u16(method));
    }
    out.writeBytes(u16(reference));
    out.writeBytes(u16(extents.size()));
    for (long[] e : extents) {
      if (version == 2) {
        out.writeBytes(u32(0)); // extent_index
        out.writeBytes(concat(u32((int) (e[0] >>> 32)), u32((int) e[0])));
        out.writeBytes(concat(u32((int) (e[1] >>> 32)), u32((int) e[1])));
      } else {
        out.writeBytes(u32((int) e[0]));
        out.writeBytes(u32((int) e[1]));
      }
    }
    return out.toByteArray();
  }

  private static byte[] u16(int value) {
    return new byte[] {(byte) (value >> 8), (byte) value};
  }

  /** Every box of the file and of its meta box: type, start and size. */
  private static List<String> boxes(byte[] heif) throws ImageMetadataException {
    var boxes = new ArrayList<String>();
    for (var box : ImageMetadataHeaders.children(heif, 0, heif.length)) {
      boxes.add(box.type() + "@" + box.body() + ".." + box.end());
      if (box.type().equals("meta")) {
        for (var inner : ImageMetadataHeaders.children(heif, box.body() + 4, box.end())) {
          boxes.add("  " + inner.type() + "@" + inner.body() + ".." + inner.end());
        }
      }
    }
    return boxes;
  }

  private static BufferedImage decode(Path convert, Path dir, String name) throws Exception {
    Process process =
        new ProcessBuilder(
                convert.toString(),
                dir.resolve(name + ".heic").toString(),
                dir.resolve(name + ".png").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(dir.resolve(name + ".log"))).isZero();
    return ImageIO.read(dir.resolve(name + ".png").toFile());
  }

  private static byte[] resource(String name) throws IOException {
    try (var in = ImageMetadataHeifTests.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(byte[] hay, byte[] needle) {
    for (int i = hay.length - needle.length; i >= 0; i--) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  private static int count(byte[] hay, byte[] needle) {
    int count = 0;
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        count++;
      }
    }
    return count;
  }
}
