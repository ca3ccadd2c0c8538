// Talks to the server for the visit screen: the CSRF token, the upload of photos, the sync of the
// outbox and the visits of today. Redirects are never followed: an answer that is not the JSON
// asked for (a sign-in page, a proxy's error) is treated as what its status says, and nothing is cached
// (the service worker never caches these answers either).
import { flush } from "./outbox.js";

async function call(url, init = {}) {
  const response = await fetch(url, {
    credentials: "same-origin",
    cache: "no-store",
    redirect: "manual",
    ...init,
    headers: { Accept: "application/json", ...(init.headers || {}) },
  });
  if (response.type === "opaqueredirect") {
    return { status: 401, body: null };
  }
  const type = response.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await response.json().catch(() => null) : null;
  return { status: response.status, body };
}

/** The real transport of {@link flush}. */
export const http = {
  csrf: () => call("/visits/csrf"),
  post: (csrf, body) =>
    call("/visits/sync", {
      method: "POST",
      headers: { "Content-Type": "application/json", [csrf.headerName]: csrf.token },
      body: JSON.stringify(body),
    }),
  // The picture as the part "file" of a form; the browser writes the multipart type itself. The
  // name carries the item's client id: the server answers a repeated upload (its first answer lost)
  // with the photo it already stored.
  upload: (csrf, bookingId, blob, clientId) => {
    const form = new FormData();
    form.append("file", blob, "visit-photo-" + clientId + ".jpg");
    return call("/visits/" + encodeURIComponent(bookingId) + "/photos", {
      method: "POST",
      headers: { [csrf.headerName]: csrf.token },
      body: form,
    });
  },
  data: () => call("/visits/data"),
  reveal: (csrf, bookingId, reason) =>
    call("/visits/" + encodeURIComponent(bookingId) + "/reveal", {
      method: "POST",
      headers: { "Content-Type": "application/json", [csrf.headerName]: csrf.token },
      body: JSON.stringify({ reason }),
    }),
};

const DATA = "visits";

/**
 * The visits kept on the device so Today opens offline. Each successful fetch REPLACES the copy
 * wholesale: a visit the server no longer gives (a removed staff member, a revoked household)
 * is gone from the device after the next sync.
 */
export async function refreshVisits(outbox, transport = http) {
  let answer;
  try {
    answer = await transport.data();
  } catch (e) {
    return { state: "offline" };
  }
  if (answer.status === 401) {
    await outbox.remove(DATA);
    return { state: "signed-out" };
  }
  if (answer.status !== 200 || !answer.body || !Array.isArray(answer.body.visits)) {
    return { state: "error", status: answer.status };
  }
  await outbox.put(DATA, answer.body);
  return { state: "done", data: answer.body };
}

export function cachedVisits(outbox) {
  return outbox.get(DATA);
}

/**
 * Runs flushes one at a time (a second request while one runs queues one more run), and in one
 * tab at a time when the browser has Web Locks, then refreshes the visits. {@code onResult}
 * gets each run's {flush, data}.
 */
export class Syncer {
  constructor(outbox, onResult, transport = http) {
    this.outbox = outbox;
    this.onResult = onResult;
    this.transport = transport;
    this.running = null;
    this.again = false;
  }

  run() {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.exclusive(() => this.once()).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.run();
      }
    });
    return this.running;
  }

  exclusive(task) {
    if (navigator.locks && navigator.locks.request) {
      return navigator.locks.request("pawkeep-visits-sync", task);
    }
    return task();
  }

  async once() {
    const flushed = await flush(this.outbox, this.transport);
    let data = { state: flushed.state };
    if (flushed.state === "done" || flushed.state === "error") {
      data = await refreshVisits(this.outbox, this.transport);
    }
    const result = { flush: flushed, data };
    this.onResult(result);
    return result;
  }

  /** Flushes now, when the connection returns and every {@code everyMs}. */
  start(everyMs = 30000) {
    window.addEventListener("online", () => this.run());
    this.timer = setInterval(() => this.run(), everyMs);
    return this.run();
  }
}
