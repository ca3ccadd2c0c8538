package io.pawkeep.care;

import java.util.List;
import java.util.Locale;

/**
 * Projects GPS points into the fixed viewBox of the report's SVG maps: longitudes scaled by the
 * cosine of the middle latitude so a route keeps its shape, the whole fitted inside a margin, one
 * place drawn in the middle.
 */
record MapProjection(
    double minLat,
    double maxLat,
    double minLon,
    double xScale,
    double scale,
    double left,
    double top) {

  static final double WIDTH = 400;
  static final double HEIGHT = 300;
  private static final double MARGIN = 20;

  /** The projection fitting {@code points} ({@code [lat, lon]} pairs; at least one). */
  static MapProjection fitting(List<double[]> points) {
    double minLat = 90;
    double maxLat = -90;
    double minLon = 180;
    double maxLon = -180;
    for (double[] p : points) {
      minLat = Math.min(minLat, p[0]);
      maxLat = Math.max(maxLat, p[0]);
      minLon = Math.min(minLon, p[1]);
      maxLon = Math.max(maxLon, p[1]);
    }
    double xScale = Math.cos(Math.toRadians((minLat + maxLat) / 2));
    double width = (maxLon - minLon) * xScale;
    double height = maxLat - minLat;
    double scale =
        Math.min(
            width == 0 ? Double.MAX_VALUE : (WIDTH - 2 * MARGIN) / width,
            height == 0 ? Double.MAX_VALUE : (HEIGHT - 2 * MARGIN) / height);
    if (scale == Double.MAX_VALUE) {
      scale = 0; // one place: every pin in the middle
    }
    return new MapProjection(
        minLat,
        maxLat,
        minLon,
        xScale,
        scale,
        (WIDTH - width * scale) / 2,
        (HEIGHT - height * scale) / 2);
  }

  String x(double lon) {
    return number(left + (lon - minLon) * xScale * scale);
  }

  String y(double lat) {
    return number(top + (maxLat - lat) * scale);
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
