// A walk in progress: elapsed time, and when the business records tracks, the GPS track and its
// distance from watchPosition. The screen is kept awake while walking (Screen Wake Lock, where
// the browser has it). Nothing of the walk is stored until "Stop walk" records it.

const EARTH_RADIUS_M = 6371008.8;
/** Fixes less precise than this are not drawn into the track (indoor, cell-tower guesses). */
const WORST_ACCURACY_M = 100;
/** The server keeps at most this many points per walk. */
export const MAX_POINTS = 2000;

/** Great-circle distance in meters between two {lat, lon} points. */
export function meters(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function distance(track) {
  let total = 0;
  for (let k = 1; k < track.length; k++) {
    total += meters(track[k - 1], track[k]);
  }
  return total;
}

/** Keeps the first and last point and evenly spaced ones between, at most {@code max}. */
export function thin(track, max = MAX_POINTS) {
  if (track.length <= max) {
    return track;
  }
  const out = [];
  const step = (track.length - 1) / (max - 1);
  for (let k = 0; k < max; k++) {
    out.push(track[Math.round(k * step)]);
  }
  return out;
}

export function point(position) {
  return {
    lat: Math.round(position.coords.latitude * 1e6) / 1e6,
    lon: Math.round(position.coords.longitude * 1e6) / 1e6,
    t: new Date(position.timestamp || Date.now()).toISOString(),
  };
}

/** One position for a check-in or check-out pin, or null after {@code timeoutMs}. */
export async function currentPin(timeoutMs = 5000) {
  if (!navigator.geolocation) {
    return null;
  }
  try {
    const permission = await navigator.permissions.query({ name: "geolocation" });
    if (permission.state === "denied") {
      return null;
    }
  } catch (e) {
    // no Permissions API: just ask
  }
  // The timeout option only counts once permission is given; an unanswered prompt must not
  // hold the check-in back either.
  return new Promise((resolve) => {
    const giveUp = setTimeout(() => resolve(null), timeoutMs + 1000);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        clearTimeout(giveUp);
        resolve(point(position));
      },
      () => {
        clearTimeout(giveUp);
        resolve(null);
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 300000 },
    );
  });
}

export function clock(ms) {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const sec = String(s % 60).padStart(2, "0");
  return (h > 0 ? h + ":" : "") + m + ":" + sec;
}

export class Walk {
  constructor(recordTracks, onTick) {
    this.recordTracks = recordTracks;
    this.onTick = onTick;
    this.track = [];
    this.startedAt = Date.now();
    this.watch = null;
    this.lock = null;
    this.visible = () => {
      if (document.visibilityState === "visible") {
        this.keepAwake();
      }
    };
  }

  start() {
    this.timer = setInterval(() => this.onTick(this), 1000);
    if (this.recordTracks && navigator.geolocation) {
      this.watch = navigator.geolocation.watchPosition(
        (position) => {
          if (position.coords.accuracy <= WORST_ACCURACY_M) {
            this.track.push(point(position));
            this.onTick(this);
          }
        },
        () => {},
        { enableHighAccuracy: true, maximumAge: 0 },
      );
    }
    document.addEventListener("visibilitychange", this.visible);
    this.keepAwake();
    this.onTick(this);
  }

  /** The browser drops the lock when the page is hidden; it is asked for again on return. */
  async keepAwake() {
    if (!("wakeLock" in navigator) || (this.lock && !this.lock.released)) {
      return;
    }
    try {
      this.lock = await navigator.wakeLock.request("screen");
    } catch (e) {
      this.lock = null;
    }
  }

  elapsed() {
    return Date.now() - this.startedAt;
  }

  meters() {
    return Math.round(distance(this.track));
  }

  /** Stops watching and releases the screen; answers the walk's payload. */
  stop() {
    clearInterval(this.timer);
    if (this.watch !== null) {
      navigator.geolocation.clearWatch(this.watch);
    }
    document.removeEventListener("visibilitychange", this.visible);
    if (this.lock) {
      this.lock.release().catch(() => {});
    }
    const payload = { durationMinutes: Math.min(1440, Math.round(this.elapsed() / 60000)) };
    if (this.recordTracks && this.track.length > 0) {
      payload.distanceMeters = Math.min(100000, this.meters());
      payload.track = thin(this.track);
    }
    return payload;
  }
}
