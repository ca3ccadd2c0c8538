package io.pawkeep.documents;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.HexFormat;

/**
 * File names (FILE-1): stored objects get a random name the server makes up; the name a person gave
 * is only a label, cleaned here and refused when it could steer a path or a header.
 */
public final class FileNames {

  /** The longest display name, in characters, after trimming. */
  public static final int MAX_LENGTH = 200;

  private static final SecureRandom RANDOM = new SecureRandom();

  private FileNames() {}

  /** A new storage name: 128 random bits in lowercase hex, never derived from the upload. */
  public static String storageName() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * The display name to keep: NFC-normalised and trimmed.
   *
   * @throws IllegalArgumentException with a sentence for the problem detail when the name is
   *     missing, too long, "." or "..", or has a path separator, a control or invisible formatting
   *     character (such as a right-to-left override that disguises "gpj.exe" as "exe.jpg")
   */
  public static String displayName(String original) {
    if (original == null || original.isBlank()) {
      throw new IllegalArgumentException("the file has no name");
    }
    String name = Normalizer.normalize(original, Normalizer.Form.NFC).strip();
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "the file name is longer than " + MAX_LENGTH + " characters");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("the file name is not a name");
    }
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      if (c == '/' || c == '\\') {
        throw new IllegalArgumentException("the file name must not contain / or \\");
      }
      int type = Character.getType(c);
      if (type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.SURROGATE
          || type == Character.UNASSIGNED
          || type == Character.PRIVATE_USE) {
        throw new IllegalArgumentException(
            "the file name must not contain control or invisible characters");
      }
      i += Character.charCount(c);
    }
    return name;
  }

  /**
   * A {@code Content-Disposition: attachment} value for a cleaned display name (RFC 6266): an ASCII
   * {@code filename} fallback with quotes, backslashes and non-ASCII replaced, and the exact name
   * as RFC 5987 {@code filename*}.
   */
  public static String contentDisposition(String displayName) {
    String name = displayName(displayName);
    var ascii = new StringBuilder(name.length());
    name.codePoints()
        .forEach(c -> ascii.append(c < 0x20 || c > 0x7E || c == '"' || c == '\\' ? '_' : (char) c));
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
