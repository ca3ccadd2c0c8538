package io.pawkeep.documents;

import java.nio.charset.StandardCharsets;

/**
 * Files that are two formats at once. Images need no check here: stripping rewrites them from their
 * own structure and drops anything after their end. A PDF is served as is, so one that a browser
 * could sniff as HTML or a ZIP reader open as an archive (its directory sits at the end) is
 * refused.
 */
final class UploadCheckPolyglots {

  private static final int ZIP_TAIL = 65_535 + 22; // longest ZIP comment + end record

  private UploadCheckPolyglots() {}

  static boolean isPolyglotPdf(byte[] in) {
    if (!startsWith(in, "%PDF-")) {
      return true; // something before the header: another format's start
    }
    String head =
        new String(in, 0, Math.min(in.length, 1024), StandardCharsets.ISO_8859_1)
            .toLowerCase(java.util.Locale.ROOT);
    for (String marker : new String[] {"<html", "<script", "<body", "<?php", "<svg", "<!doctype"}) {
      if (head.contains(marker)) {
        return true;
      }
    }
    for (int i = in.length - 22; i >= Math.max(0, in.length - ZIP_TAIL); i--) {
      if (in[i] == 'P' && in[i + 1] == 'K' && in[i + 2] == 5 && in[i + 3] == 6) {
        return true; // a ZIP end-of-central-directory record
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] in, String prefix) {
    if (in.length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (in[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
