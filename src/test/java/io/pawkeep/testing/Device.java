package io.pawkeep.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a walker's phone does to a page, emulated in the test's Chromium through the DevTools
 * protocol: a GPS position and a simulated route (geolocation override), and the phone profile of
 * the speed checks (4x slower CPU, slow 3G). The settings apply to the browser's current tab; a
 * {@linkplain Browser#reset() reset} between tests drops them with the tab.
 */
public final class Device {

  /**
   * Chrome DevTools' "Slow 3G" preset: 2 s round trip (400 ms x 5) and 500 kbit/s x 0.8 each way,
   * in bytes per second.
   */
  public static final double SLOW_3G_LATENCY_MS = 2000;

  public static final double SLOW_3G_BYTES_PER_SECOND = 500 * 1000 / 8 * 0.8;

  public static final int PHONE_CPU_SLOWDOWN = 4;

  private static final double EARTH_RADIUS_METERS = 6_371_000;

  private Device() {}

  /** A GPS fix in degrees. */
  public record Position(double latitude, double longitude) {}

  /**
   * Lets the page of the browser's origin use the position (the permission prompt answered yes).
   */
  public static void allowGeolocation(Browser browser) {
    allowGeolocation(browser, browser.baseUrl());
  }

  /** Lets the pages of {@code origin} use the position. */
  public static void allowGeolocation(Browser browser, String origin) {
    browser
        .driver()
        .executeCdpCommand(
            "Browser.grantPermissions",
            Map.of("origin", origin, "permissions", List.of("geolocation")));
  }

  /**
   * The device is now at {@code position} (5 m accuracy): a page watching the position gets it as
   * its next fix.
   */
  public static void locate(Browser browser, Position position) {
    browser
        .driver()
        .executeCdpCommand(
            "Emulation.setGeolocationOverride",
            Map.of(
                "latitude", position.latitude(),
                "longitude", position.longitude(),
                "accuracy", 5));
  }

  /**
   * A walk of {@code points} fixes {@code metersApart} apart, heading north-east from {@code
   * start}, with a turn every four fixes so the track is not a straight line.
   */
  public static List<Position> route(Position start, int points, double metersApart) {
    List<Position> route = new ArrayList<>();
    Position at = start;
    for (int k = 0; k < points; k++) {
      route.add(at);
      double bearing = Math.toRadians((k / 4) % 2 == 0 ? 45 : 100);
      double north = metersApart * Math.cos(bearing);
      double east = metersApart * Math.sin(bearing);
      at =
          new Position(
              at.latitude() + Math.toDegrees(north / EARTH_RADIUS_METERS),
              at.longitude()
                  + Math.toDegrees(
                      east / (EARTH_RADIUS_METERS * Math.cos(Math.toRadians(at.latitude())))));
    }
    return route;
  }

  /** The great-circle distance between two fixes (haversine), in meters. */
  public static double meters(Position a, Position b) {
    double dLat = Math.toRadians(b.latitude() - a.latitude());
    double dLon = Math.toRadians(b.longitude() - a.longitude());
    double h =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(a.latitude()))
                * Math.cos(Math.toRadians(b.latitude()))
                * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_METERS * Math.asin(Math.sqrt(h));
  }

  /** The length of a route, in meters. */
  public static double length(List<Position> route) {
    double total = 0;
    for (int k = 1; k < route.size(); k++) {
      total += meters(route.get(k - 1), route.get(k));
    }
    return total;
  }

  /**
   * A mid-range phone on a poor connection: the phone viewport, the CPU 4x slower and the network
   * throttled to slow 3G (the page's own requests; a service worker's fetches are its own target).
   */
  public static void phoneProfile(Browser browser) {
    phoneCpu(browser);
    browser.driver().executeCdpCommand("Network.enable", Map.of()); // throttles only when on
    browser
        .driver()
        .executeCdpCommand(
            "Network.emulateNetworkConditions",
            Map.of(
                "offline", false,
                "latency", SLOW_3G_LATENCY_MS,
                "downloadThroughput", SLOW_3G_BYTES_PER_SECOND,
                "uploadThroughput", SLOW_3G_BYTES_PER_SECOND));
  }

  /**
   * The phone viewport and its 4x slower CPU only, for a test that slows the network elsewhere (a
   * {@link SwitchableProxy#throttle throttled proxy} also slows the service worker's fetches).
   */
  public static void phoneCpu(Browser browser) {
    browser.phone();
    browser
        .driver()
        .executeCdpCommand("Emulation.setCPUThrottlingRate", Map.of("rate", PHONE_CPU_SLOWDOWN));
  }

  /** Back to the test machine's own speed (the viewport is left as it is). */
  public static void fullSpeed(Browser browser) {
    browser.driver().executeCdpCommand("Emulation.setCPUThrottlingRate", Map.of("rate", 1));
    browser
        .driver()
        .executeCdpCommand(
            "Network.emulateNetworkConditions",
            Map.of(
                "offline", false,
                "latency", 0,
                "downloadThroughput", -1,
                "uploadThroughput", -1));
  }
}
