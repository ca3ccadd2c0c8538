package io.pawkeep.documents;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/** Real images made at test time, carrying the metadata a phone writes: GPS, XMP, IPTC, notes. */
final class ImageMetadataTestImages {

  static final String XMP =
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"
          + " xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description"
          + " xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" exif:GPSLatitude=\"48,51.5N\""
          + " exif:GPSLongitude=\"2,17.7E\"/></rdf:RDF></x:xmpmeta>";
  static final String XMP_NAMESPACE = "http://ns.adobe.com/xap/1.0/";
  static final String MAKE = "PawPhone Serial 4242";

  /** A lossless 1 x 1 WebP (RIFF, one VP8L chunk). */
  static final byte[] WEBP_1X1 =
      Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

  private ImageMetadataTestImages() {}

  /** A 64 x 48 picture with a pattern, so pixels can be compared. */
  static BufferedImage picture() {
    var image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | ((x + y) * 2));
      }
    }
    return image;
  }

  static byte[] encode(BufferedImage image, String format) throws IOException {
    var out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }

  /**
   * A JPEG as a phone writes it: EXIF with GPS, orientation 6, make and a maker note; XMP with GPS;
   * a Photoshop APP13 (IPTC) block and a comment.
   */
  static byte[] phoneJpeg() throws IOException, ImagingException {
    byte[] plain = encode(picture(), "jpg");
    var exif = new TiffOutputSet();
    exif.setGpsInDegrees(2.2945, 48.8584);
    exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 6);
    exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MAKE, MAKE);
    exif.getOrCreateExifDirectory()
        .add(ExifTagConstants.EXIF_TAG_MAKER_NOTE, "maker secret".getBytes(StandardCharsets.UTF_8));
    var withExif = new ByteArrayOutputStream();
    new ExifRewriter().updateExifMetadataLossy(plain, withExif, exif);
    var withXmp = new ByteArrayOutputStream();
    new JpegXmpRewriter().updateXmpXml(withExif.toByteArray(), withXmp, XMP);
    byte[] app13 =
        ascii("Photoshop 3.0\08BIM\u0004\u0004\0\0\0\0\0\u000c\u001c\u0002\u005a\0\u0005Paris");
    byte[] comment = ascii("taken at 12 Rue de la Paix");
    return insertAfterSoi(withXmp.toByteArray(), segment(0xED, app13), segment(0xFE, comment));
  }

  static byte[] segment(int marker, byte[] payload) {
    var out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(marker);
    out.write((payload.length + 2) >> 8);
    out.write((payload.length + 2) & 0xFF);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  static byte[] insertAfterSoi(byte[] jpeg, byte[]... segments) {
    var out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    for (byte[] s : segments) {
      out.writeBytes(s);
    }
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** A PNG chunk with its CRC. */
  static byte[] chunk(String type, byte[] data) {
    var out = new ByteArrayOutputStream();
    out.writeBytes(u32(data.length));
    byte[] typeBytes = ascii(type);
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    var crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(u32((int) crc.getValue()));
    return out.toByteArray();
  }

  /**
   * A PNG whose header declares {@code width} x {@code height} 8-bit RGB pixels over an empty image
   * stream: a decompression bomb by its header alone.
   */
  static byte[] pngDeclaring(int width, int height) {
    byte[] ihdr = concat(u32(width), u32(height), new byte[] {8, 2, 0, 0, 0});
    return concat(
        ImageMetadataPng.SIGNATURE,
        chunk("IHDR", ihdr),
        chunk("IDAT", new byte[] {0x78, (byte) 0x9C, 3, 0, 0, 0, 0, 1}),
        chunk("IEND", new byte[0]));
  }

  /** Inserts chunks right after IHDR (8-byte signature + 25-byte IHDR chunk). */
  static byte[] insertAfterIhdr(byte[] png, byte[]... chunks) {
    var out = new ByteArrayOutputStream();
    out.write(png, 0, 33);
    for (byte[] c : chunks) {
      out.writeBytes(c);
    }
    out.write(png, 33, png.length - 33);
    return out.toByteArray();
  }

  /**
   * An ISO-BMFF HEIC container: ftyp, meta (hdlr, pitm, iinf, iprp with ipco/ispe and ipma), mdat.
   */
  static byte[] heic(int width, int height, boolean withExif) {
    return heic(width, height, 0, withExif);
  }

  /**
   * As above, with a second image spatial extent of {@code tile} x {@code tile} pixels (a grid's
   * tile) not associated with the primary item; 0 for none.
   */
  static byte[] heic(int width, int height, int tile, boolean withExif) {
    byte[] ftyp = box("ftyp", ascii("heic"), u32(0), ascii("mif1heic"));
    byte[] hdlr = box("hdlr", u32(0), u32(0), ascii("pict"), new byte[13]);
    byte[] pitm = box("pitm", u32(0), new byte[] {0, 1});
    byte[] picture = box("infe", new byte[] {2, 0, 0, 0}, new byte[] {0, 1, 0, 0}, ascii("hvc1\0"));
    byte[] exif = box("infe", new byte[] {2, 0, 0, 0}, new byte[] {0, 2, 0, 0}, ascii("Exif\0"));
    byte[] iinf =
        withExif
            ? box("iinf", u32(0), new byte[] {0, 2}, picture, exif)
            : box("iinf", u32(0), new byte[] {0, 1}, picture);
    byte[] tileIspe = tile == 0 ? new byte[0] : box("ispe", u32(0), u32(tile), u32(tile));
    byte[] ispe = box("ispe", u32(0), u32(width), u32(height));
    byte[] ipma =
        box("ipma", u32(0), u32(1), new byte[] {0, 1, 1, (byte) (tile == 0 ? 0x81 : 0x82)});
    byte[] iprp = box("iprp", box("ipco", tileIspe, ispe), ipma);
    byte[] meta = box("meta", u32(0), hdlr, pitm, iinf, iprp);
    byte[] mdat =
        box("mdat", ascii(withExif ? "Exif\0\0MM\0*GPS 48.8584N 2.2945E" : "hevc picture data"));
    return concat(ftyp, meta, mdat);
  }

  static byte[] box(String type, byte[]... parts) {
    byte[] body = concat(parts);
    return concat(u32(body.length + 8), ascii(type), body);
  }

  static byte[] concat(byte[]... parts) {
    var out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] u32(int value) {
    return new byte[] {
      (byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value
    };
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Whether {@code needle} occurs in {@code hay}. */
  static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** The JPEG's bytes before its first scan, where all metadata segments live. */
  static byte[] jpegHeaders(byte[] jpeg) {
    for (int i = 2; i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDA) {
        return java.util.Arrays.copyOf(jpeg, i);
      }
    }
    return jpeg;
  }
}
