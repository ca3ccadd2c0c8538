package io.pawkeep.care;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A walk's GPS track drawn on the server as an inline SVG (DOM-9): the points projected into a
 * fixed viewBox ({@link MapProjection}), no map tiles and no script, so nothing leaves the
 * application and the CSP stays strict.
 */
record TrackMap(List<Pin> pins, String line) {

  static final double WIDTH = MapProjection.WIDTH;
  static final double HEIGHT = MapProjection.HEIGHT;

  /** One GPS point: where it is drawn and what it says in the text list. */
  record Pin(String x, String y, double lat, double lon, String time) {}

  /** The map of a track payload ({@code [{lat, lon, t?}, ...]}); {@code null} without points. */
  static TrackMap of(JsonNode track) {
    if (track == null || !track.isArray() || track.isEmpty()) {
      return null;
    }
    MapProjection projection = MapProjection.fitting(points(track));
    List<Pin> pins = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (JsonNode p : track) {
      double lat = p.path("lat").asDouble();
      double lon = p.path("lon").asDouble();
      String x = projection.x(lon);
      String y = projection.y(lat);
      pins.add(new Pin(x, y, lat, lon, p.path("t").isString() ? p.path("t").asString() : null));
      line.append(line.isEmpty() ? "" : " ").append(x).append(',').append(y);
    }
    return new TrackMap(List.copyOf(pins), line.toString());
  }

  /** A track's points as {@code [lat, lon]} pairs. */
  static List<double[]> points(JsonNode track) {
    List<double[]> points = new ArrayList<>();
    for (JsonNode p : track) {
      points.add(new double[] {p.path("lat").asDouble(), p.path("lon").asDouble()});
    }
    return points;
  }
}
