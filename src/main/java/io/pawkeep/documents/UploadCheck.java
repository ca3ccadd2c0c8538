package io.pawkeep.documents;

import io.pawkeep.database.AfterStart;
import io.pawkeep.documents.UploadCheckResult.Accepted;
import io.pawkeep.documents.UploadCheckResult.Refused;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.tika.detect.Detector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;

/**
 * Decides whether an upload may be stored (FILE-1): its size, its type sniffed from the content
 * (never from the name or the declared type), the declared type agreeing, polyglots, pixel
 * dimensions read before any decoding, a cleaned name, and images stripped of location and
 * identifying metadata. Answers the bytes to store, or a refusal with its HTTP status.
 */
public final class UploadCheck {

  static final Set<String> ALLOWED =
      Set.of(
          "image/jpeg", "image/png", "image/webp", "image/heic", "image/heif", "application/pdf");

  private static final Map<String, String> ALIASES =
      Map.of("image/jpg", "image/jpeg", "image/pjpeg", "image/jpeg", "image/x-png", "image/png");

  private final UploadCheckProperties properties;
  // Magic bytes only: Tika's MimeTypes without a resource name never looks at the file name.
  // Reading Tika's type database takes a good part of a second, so it is read on a thread of its
  // own once the application has started; the first upload waits for it.
  private final AfterStart.Load<Detector> detector =
      AfterStart.load("upload-types", MimeTypes::getDefaultMimeTypes);

  public UploadCheck(UploadCheckProperties properties) {
    if (properties == null) {
      throw new IllegalArgumentException("properties cannot be null");
    }
    this.properties = properties;
  }

  /**
   * Reads at most the size limit plus one byte from {@code content} and decides.
   *
   * @param declaredType the part's Content-Type as the client sent it (may be null)
   * @param originalName the part's file name as the client sent it
   */
  public UploadCheckResult check(String declaredType, String originalName, InputStream content)
      throws IOException {
    String displayName;
    try {
      displayName = FileNames.displayName(originalName);
    } catch (IllegalArgumentException badName) {
      return new Refused(400, badName.getMessage());
    }
    int max = (int) properties.maxSize().toBytes();
    byte[] bytes = content.readNBytes(max + 1);
    if (bytes.length > max) {
      return new Refused(413, "the file is larger than " + max + " bytes");
    }
    if (bytes.length == 0) {
      return new Refused(400, "the file is empty");
    }
    String type = sniff(bytes);
    if (!ALLOWED.contains(type)) {
      return new Refused(415, "the content is not a JPEG, PNG, WebP, HEIC/HEIF image or a PDF");
    }
    if (!agrees(declaredType, type)) {
      return new Refused(415, "the declared type does not match the content, which is " + type);
    }
    if (type.equals("application/pdf")) {
      return UploadCheckPolyglots.isPolyglotPdf(bytes)
          ? new Refused(415, "the PDF is also another kind of file")
          : new Accepted(type, bytes, displayName, 0, 0);
    }
    return image(type, bytes, displayName);
  }

  private UploadCheckResult image(String type, byte[] bytes, String displayName) {
    try {
      long[] size = ImageMetadataHeaders.dimensions(type, bytes);
      if (size[0] <= 0 || size[1] <= 0) {
        return new Refused(400, "the image has no pixels");
      }
      if (Math.max(size[0] * size[1], size[2]) > properties.maxPixels()) {
        return new Refused(
            413,
            "the image is "
                + size[0]
                + " x "
                + size[1]
                + " pixels, more than "
                + properties.maxPixels()
                + " pixels");
      }
      byte[] stripped = ImageMetadata.strip(type, bytes);
      return new Accepted(type, stripped, displayName, (int) size[0], (int) size[1]);
    } catch (ImageMetadataException e) {
      return new Refused(
          e.kind() == ImageMetadataException.Kind.NOT_REMOVABLE ? 415 : 400, e.getMessage());
    }
  }

  private String sniff(byte[] bytes) throws IOException {
    return detector
        .get()
        .detect(new ByteArrayInputStream(bytes), new Metadata())
        .getBaseType()
        .toString();
  }

  /** HEIC is HEIF with HEVC pictures: either declared name agrees with either sniffed one. */
  private static boolean agrees(String declared, String sniffed) {
    if (declared == null) {
      return false;
    }
    String base = declared.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    base = ALIASES.getOrDefault(base, base);
    if (sniffed.startsWith("image/hei")) {
      return base.equals("image/heic") || base.equals("image/heif");
    }
    return base.equals(sniffed);
  }
}
