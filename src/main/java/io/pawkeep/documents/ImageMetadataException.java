package io.pawkeep.documents;

/** An image whose metadata cannot be read or removed. */
public final class ImageMetadataException extends Exception {

  /** Why: the bytes are not a whole image, or its location cannot be removed without decoding. */
  public enum Kind {
    MALFORMED,
    NOT_REMOVABLE
  }

  private final Kind kind;

  ImageMetadataException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  static ImageMetadataException malformed(String message) {
    return new ImageMetadataException(Kind.MALFORMED, message);
  }
}
