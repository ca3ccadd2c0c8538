package io.pawkeep.care;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * A walk's GPS track drawn on the server as an inline SVG (DOM-9): the points projected into a
 * fixed viewBox, no map tiles and no script, so nothing leaves the application and the CSP stays
 * strict. Longitudes are scaled by the cosine of the middle latitude, so a walk keeps its shape.
 */
record TrackMap(List<Pin> pins, String line) {

  static final double WIDTH = 400;
  static final double HEIGHT = 300;
  private static final double MARGIN = 20;

  /** One GPS point: where it is drawn and what it says in the text list. */
  record Pin(String x, String y, double lat, double lon, String time) {}

  /** The map of a track payload ({@code [{lat, lon, t?}, ...]}); {@code null} without points. */
  static TrackMap of(JsonNode track) {
    if (track == null || !track.isArray() || track.isEmpty()) {
      return null;
    }
    double minLat = 90;
    double maxLat = -90;
    double minLon = 180;
    double maxLon = -180;
    for (JsonNode p : track) {
      minLat = Math.min(minLat, p.path("lat").asDouble());
      maxLat = Math.max(maxLat, p.path("lat").asDouble());
      minLon = Math.min(minLon, p.path("lon").asDouble());
      maxLon = Math.max(maxLon, p.path("lon").asDouble());
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
    double left = (WIDTH - width * scale) / 2;
    double top = (HEIGHT - height * scale) / 2;
    List<Pin> pins = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (JsonNode p : track) {
      double lat = p.path("lat").asDouble();
      double lon = p.path("lon").asDouble();
      String x = number(left + (lon - minLon) * xScale * scale);
      String y = number(top + (maxLat - lat) * scale);
      pins.add(new Pin(x, y, lat, lon, p.path("t").isString() ? p.path("t").asString() : null));
      line.append(line.isEmpty() ? "" : " ").append(x).append(',').append(y);
    }
    return new TrackMap(List.copyOf(pins), line.toString());
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
