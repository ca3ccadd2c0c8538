package io.pawkeep.care;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The visit's map on its report (DOM-6, DOM-9): the check-in and check-out pins, with the walks'
 * routes drawn faintly around them, in one inline SVG like {@link TrackMap}. Only for the entries
 * the reader receives with their pins: the care log leaves pins out for a household whose business
 * does not let clients see tracks, so no map is drawn then.
 */
record VisitMap(List<Marker> markers, List<String> routes) {

  /** A pin: where it is drawn, which action it marks, and its text for the list under the map. */
  record Marker(
      String x, String y, String kind, String label, double lat, double lon, Instant time) {}

  /** The map of the page's entries; {@code null} when none carries a pin. */
  static VisitMap of(List<CareLog.CareActionView> actions) {
    List<CareLog.CareActionView> pinned = new ArrayList<>();
    List<double[]> points = new ArrayList<>();
    List<JsonNode> tracks = new ArrayList<>();
    for (CareLog.CareActionView action : actions) {
      JsonNode payload = action.payload();
      if (payload == null || !payload.isObject()) {
        continue;
      }
      JsonNode pin = payload.get("pin");
      if (pin != null && pin.isObject()) {
        pinned.add(action);
        points.add(new double[] {pin.path("lat").asDouble(), pin.path("lon").asDouble()});
      }
      JsonNode track = payload.get("track");
      if (track != null && track.isArray() && !track.isEmpty()) {
        tracks.add(track);
        points.addAll(TrackMap.points(track));
      }
    }
    if (pinned.isEmpty()) {
      return null;
    }
    MapProjection projection = MapProjection.fitting(points);
    List<Marker> markers = new ArrayList<>();
    for (CareLog.CareActionView action : pinned) {
      JsonNode pin = action.payload().get("pin");
      double lat = pin.path("lat").asDouble();
      double lon = pin.path("lon").asDouble();
      markers.add(
          new Marker(
              projection.x(lon),
              projection.y(lat),
              action.kind().replace('_', '-'),
              "check_in".equals(action.kind()) ? "Checked in" : "Checked out",
              lat,
              lon,
              pin.path("t").isString() ? Instant.parse(pin.path("t").asString()) : null));
    }
    List<String> routes = new ArrayList<>();
    for (JsonNode track : tracks) {
      StringBuilder line = new StringBuilder();
      for (double[] p : TrackMap.points(track)) {
        line.append(line.isEmpty() ? "" : " ")
            .append(projection.x(p[1]))
            .append(',')
            .append(projection.y(p[0]));
      }
      routes.add(line.toString());
    }
    return new VisitMap(List.copyOf(markers), List.copyOf(routes));
  }
}
