package io.pawkeep.documents;

/** What {@link UploadCheck} decided about one upload. */
public sealed interface UploadCheckResult {

  /**
   * The upload may be stored: {@code type} is the type sniffed from the content (and the one to
   * serve it with), {@code content} the bytes to store (for images, stripped of location and
   * identifying metadata), {@code displayName} the cleaned name; width and height are 0 for PDF.
   */
  record Accepted(String type, byte[] content, String displayName, int width, int height)
      implements UploadCheckResult {}

  /**
   * The upload is refused; {@code status} is the HTTP status the API answers (400, 413 or 415) and
   * {@code reason} a sentence for the problem detail, which never echoes the file's bytes.
   */
  record Refused(int status, String reason) implements UploadCheckResult {}
}
