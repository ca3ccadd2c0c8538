package io.pawkeep.documents;

import java.util.Locale;
import org.springframework.util.unit.DataSize;

/**
 * What a page says beside the file field when an upload is refused (FILE-1): one plain sentence per
 * reason {@link UploadCheck} gives, saying what to do next, never the file's bytes.
 */
final class UploadMessages {

  private UploadMessages() {}

  /** The sentence for a refusal of {@code status} with the check's {@code reason}. */
  static String of(int status, String reason, DataSize maxSize) {
    String why = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
    if (why.contains("quota")) {
      return "There is no room left: the storage for these files is full. Empty the bin or"
          + " delete files you no longer need.";
    }
    if (why.contains("location")) {
      return "The photo's location could not be removed, so it was not stored. Export it as a"
          + " JPEG (or turn off location in the camera) and upload it again.";
    }
    if (why.contains("larger than")) {
      return "The file is too large: a file may have at most " + shown(maxSize) + ".";
    }
    if (why.contains("pixels")) {
      return "The image is too large: it has more pixels than accepted. Upload a smaller copy.";
    }
    if (why.contains("declared type")) {
      return "The file's content does not match its type (a renamed file?). Upload the original"
          + " file.";
    }
    if (why.contains("not a jpeg") || why.contains("also another kind")) {
      return "This kind of file is not accepted: upload a JPEG, PNG, WebP or HEIC photo, or a PDF.";
    }
    if (why.contains("empty")) {
      return "The file is empty.";
    }
    if (why.contains("no name") || why.contains("file name")) {
      return "The file's name cannot be used (" + reason + "). Rename the file and try again.";
    }
    if (status == 413) {
      return "The file is too large: a file may have at most " + shown(maxSize) + ".";
    }
    if (status == 415) {
      return "This kind of file is not accepted: upload a JPEG, PNG, WebP or HEIC photo, or a PDF.";
    }
    return "The file could not be read as a whole image or document (is it damaged or cut"
        + " short?). Upload it again.";
  }

  /** "10 MB" for a size given in whole mebibytes, else the bytes. */
  static String shown(DataSize size) {
    long bytes = size.toBytes();
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MB";
    }
    return bytes + " bytes";
  }

  /** A file's size as a person reads it: "830 bytes", "12 KB", "3.4 MB". */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + (bytes == 1 ? " byte" : " bytes");
    }
    if (bytes < 1024 * 1024) {
      return Math.round(bytes / 1024.0) + " KB";
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }
}
