// The visit screen's service worker (issue 11). It keeps ONLY the application shell (the same
// HTML for everyone, no personal data) and the static files it needs, so the screen opens with no
// signal. It never keeps /visits/data, /visits/csrf, /visits/sync, a reveal, a photo upload, or any
// other answer: requests it does not know (and every POST) are left to the network untouched. Any
// change to this file makes phones install it again, which fetches every file below afresh.
const CACHE = "pawkeep-visits-v1";
const SHELL = "/visits";
const FILES = [
  SHELL,
  "/js/visits/app.js",
  "/js/visits/outbox.js",
  "/js/visits/sync.js",
  "/js/visits/walk.js",
  "/js/visits/photo.js",
  "/js/visits/ui.js",
  "/css/app.css",
  "/css/visits.css",
  "/visits/manifest.webmanifest",
  "/visits/icons/icon.svg",
  "/visits/icons/icon-192.png",
  "/visits/icons/icon-512.png",
];
const SHELL_PATH = /^\/visits(\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?\/?$/i;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: "reload", credentials: "same-origin" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith("pawkeep-visits") && n !== CACHE).map((n) => caches.delete(n))),
      )
      .then(() => self.clients.claim()),
  );
});

/** A file of the app: the static files above, which carry nothing personal. */
function isStatic(url) {
  return (
    url.pathname.startsWith("/js/visits/") ||
    url.pathname.startsWith("/css/") ||
    url.pathname.startsWith("/visits/icons/") ||
    url.pathname === "/visits/manifest.webmanifest"
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate" && SHELL_PATH.test(url.pathname)) {
    event.respondWith(shell(request));
  } else if (isStatic(url)) {
    event.respondWith(file(request));
  }
  // Anything else (data, CSRF, sync, reveal, other pages) goes to the network, never cached.
});

/**
 * The shell from the cache at once (a walker on a bad signal should not wait for the network),
 * refreshed in the background for the next open; the network only when nothing is cached yet.
 */
async function shell(request) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then((response) => {
    if (response.ok && response.type === "basic" && !response.redirected) {
      cache.put(SHELL, response.clone());
    }
    return response;
  });
  const cached = await cache.match(SHELL);
  if (cached) {
    network.catch(() => {});
    return cached;
  }
  return network;
}

/** Static files: from the cache at once, refreshed in the background for the next open. */
async function file(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  const network = fetch(request).then((response) => {
    if (response.ok && response.type === "basic") {
      cache.put(request, response.clone());
    }
    return response;
  });
  if (cached) {
    network.catch(() => {});
    return cached;
  }
  return network;
}
