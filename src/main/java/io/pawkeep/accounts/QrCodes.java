package io.pawkeep.accounts;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * QR codes drawn on the server as SVG, for the second factor's set-up: the secret never goes to an
 * outside service. Answered as a {@code data:} URI, which the pages' policy allows for images.
 */
final class QrCodes {

  private static final int QUIET_ZONE = 4;

  private QrCodes() {}

  static String svgDataUri(String text) {
    BitMatrix matrix;
    try {
      matrix =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  0,
                  0,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.MARGIN,
                      0));
    } catch (WriterException e) {
      throw new IllegalStateException("QR code could not be drawn", e);
    }
    int size = matrix.getWidth() + 2 * QUIET_ZONE;
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < matrix.getHeight(); y++) {
      for (int x = 0; x < matrix.getWidth(); x++) {
        if (matrix.get(x, y)) {
          path.append('M')
              .append(x + QUIET_ZONE)
              .append(' ')
              .append(y + QUIET_ZONE)
              .append("h1v1h-1z");
        }
      }
    }
    String svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
            + size
            + " "
            + size
            + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\""
            + " fill=\"#fff\"/><path fill=\"#000\" d=\""
            + path
            + "\"/></svg>";
    return "data:image/svg+xml;base64,"
        + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
  }
}
