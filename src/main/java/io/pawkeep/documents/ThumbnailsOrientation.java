package io.pawkeep.documents;

import java.awt.image.BufferedImage;

/**
 * Turns and mirrors a picture as its EXIF orientation (1 to 8) says it is shown, so a phone photo
 * held upright gets an upright thumbnail (the thumbnail itself carries no orientation).
 */
final class ThumbnailsOrientation {

  private ThumbnailsOrientation() {}

  static BufferedImage upright(BufferedImage image, int orientation) {
    if (orientation < 2 || orientation > 8) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    boolean turned = orientation >= 5;
    var out = new BufferedImage(turned ? h : w, turned ? w : h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < out.getHeight(); y++) {
      for (int x = 0; x < out.getWidth(); x++) {
        // The source pixel shown at (x, y), per TIFF/EXIF's definition of each orientation.
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> {
            sx = w - 1 - x;
            sy = y;
          }
          case 3 -> {
            sx = w - 1 - x;
            sy = h - 1 - y;
          }
          case 4 -> {
            sx = x;
            sy = h - 1 - y;
          }
          case 5 -> {
            sx = y;
            sy = x;
          }
          case 6 -> {
            sx = y;
            sy = h - 1 - x;
          }
          case 7 -> {
            sx = w - 1 - y;
            sy = h - 1 - x;
          }
          default -> { // 8
            sx = w - 1 - y;
            sy = x;
          }
        }
        out.setRGB(x, y, image.getRGB(sx, sy));
      }
    }
    return out;
  }
}
