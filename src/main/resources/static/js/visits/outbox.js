// The device's outbox of care actions (issue 11, DOM-6, AVAIL-3). Every action is written here
// first, with a client id and the device time, and shown at once; the server's answer for that
// client id is the only thing that takes it out of "pending". Replays are safe: the server answers
// "duplicate" to a client id it already holds, so an interrupted flush just sends the same ids again.

export const DB_NAME = "pawkeep-visits";
const VERSION = 1;
const OUTBOX = "outbox";
const STORE = "store";

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Opens (and on first use creates) the app's database: the outbox and a small key-value store. */
export function openDatabase(name = DB_NAME) {
  const req = indexedDB.open(name, VERSION);
  req.onupgradeneeded = () => {
    const db = req.result;
    const outbox = db.createObjectStore(OUTBOX, { keyPath: "seq", autoIncrement: true });
    outbox.createIndex("clientId", "clientId", { unique: true });
    db.createObjectStore(STORE);
  };
  return request(req);
}

/** Deletes the whole database (sign-out): the outbox, the cached visits, everything. */
export function deleteDatabase(name = DB_NAME) {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => resolve();
  });
}

export const OUTCOMES = ["pending", "accepted", "duplicate", "rejected"];

export class Outbox {
  constructor(db) {
    this.db = db;
  }

  static async open(name = DB_NAME) {
    return new Outbox(await openDatabase(name));
  }

  close() {
    this.db.close();
  }

  /**
   * Records an action: a new client id and the device time, outcome "pending". A held item (a
   * photo, its picture in {@code blob}) is not synced until its picture is uploaded: {@link flush}
   * uploads it first and then syncs the item naming the uploaded photo.
   */
  async record({ bookingId, kind, payload, label, place = null, held = false, blob = null, now = new Date() }) {
    const item = {
      place,
      clientId: crypto.randomUUID(),
      deviceTime: now.toISOString(),
      bookingId,
      kind,
      payload,
      label: label || kind,
      held,
      blob,
      outcome: "pending",
      reason: null,
      receivedAt: null,
    };
    const tx = this.db.transaction(OUTBOX, "readwrite");
    item.seq = await request(tx.objectStore(OUTBOX).add(item));
    await done(tx);
    return item;
  }

  /** Every item in the order it was recorded, optionally only one booking's. */
  async list(bookingId) {
    const tx = this.db.transaction(OUTBOX, "readonly");
    const all = await request(tx.objectStore(OUTBOX).getAll());
    return bookingId ? all.filter((i) => i.bookingId === bookingId) : all;
  }

  /** How many items have no answer from the server yet (held photos included). */
  async unsynced() {
    return (await this.list()).filter((i) => i.outcome === "pending").length;
  }

  /** What a flush sends: pending, not held, in recorded order. */
  async sendable() {
    return (await this.list()).filter((i) => i.outcome === "pending" && !i.held);
  }

  /** Photos whose picture is still to be uploaded, in recorded order. */
  async awaitingUpload() {
    return (await this.list()).filter((i) => i.outcome === "pending" && i.held && i.blob && !i.photoId);
  }

  /**
   * The server received the photo and answered its id: the id is kept with the item, which now
   * names it ({@code photoRef}) and is synced like any other; the picture leaves the device. Stored
   * before the item is synced, so a reload or a lost sync answer never uploads the photo twice.
   */
  async uploaded(clientId, photoId) {
    return this.update(clientId, (item) => {
      item.photoId = photoId;
      item.payload = { ...(item.payload || {}), photoRef: photoId };
      item.held = false;
      item.blob = null;
    });
  }

  /**
   * The server refused the photo itself (too large, not a picture, the visit's window closed):
   * the item is rejected on the device with the server's words, and never tried again.
   */
  async refused(clientId, reason, detail) {
    return this.update(clientId, (item) => {
      item.outcome = "rejected";
      item.reason = reason;
      item.detail = detail || null;
      item.held = false;
      item.blob = null;
    });
  }

  /** Changes one pending item in place; answers whether it was there (and pending). */
  async update(clientId, change) {
    const tx = this.db.transaction(OUTBOX, "readwrite");
    const item = await request(tx.objectStore(OUTBOX).index("clientId").get(String(clientId)));
    const changed = !!item && item.outcome === "pending";
    if (changed) {
      change(item);
      await request(tx.objectStore(OUTBOX).put(item));
    }
    await done(tx);
    return changed;
  }

  /**
   * Applies the server's answers. Only an answer naming an item's client id moves it out of
   * "pending"; an answer for an unknown id, or a second answer for an answered item, changes nothing.
   */
  async answer(results) {
    const tx = this.db.transaction(OUTBOX, "readwrite");
    const index = tx.objectStore(OUTBOX).index("clientId");
    let changed = 0;
    for (const result of results || []) {
      if (!result || !OUTCOMES.includes(result.outcome) || result.outcome === "pending") {
        continue;
      }
      const item = await request(index.get(String(result.clientId)));
      if (!item || item.outcome !== "pending") {
        continue;
      }
      item.outcome = result.outcome;
      item.reason = result.reason || null;
      item.receivedAt = result.receivedAt || null;
      await request(tx.objectStore(OUTBOX).put(item));
      changed++;
    }
    await done(tx);
    return changed;
  }

  /**
   * Forgets answered items recorded before {@code beforeMs} (epoch ms). Pending items stay until
   * the server answers them or the person signs out.
   */
  async prune(beforeMs) {
    const tx = this.db.transaction(OUTBOX, "readwrite");
    const store = tx.objectStore(OUTBOX);
    for (const item of await request(store.getAll())) {
      if (item.outcome !== "pending" && Date.parse(item.deviceTime) < beforeMs) {
        store.delete(item.seq);
      }
    }
    await done(tx);
  }

  /** A value of the key-value store (the cached visits). */
  async get(key) {
    const tx = this.db.transaction(STORE, "readonly");
    return request(tx.objectStore(STORE).get(key));
  }

  async put(key, value) {
    const tx = this.db.transaction(STORE, "readwrite");
    tx.objectStore(STORE).put(value, key);
    await done(tx);
  }

  async remove(key) {
    const tx = this.db.transaction(STORE, "readwrite");
    tx.objectStore(STORE).delete(key);
    await done(tx);
  }
}

/** What the server sees of an item: exactly the sync API's item, nothing local. */
export function wire(item) {
  return {
    clientId: item.clientId,
    deviceTime: item.deviceTime,
    bookingId: item.bookingId,
    kind: item.kind,
    payload: item.payload,
    supersedes: item.supersedes || null,
  };
}

export const BATCH = 50;

/**
 * Uploads each held photo's picture, then sends every sendable item, oldest first, in batches.
 * {@code transport} has {@code csrf()} answering {status, body}, {@code upload(csrf, bookingId,
 * blob, clientId)} answering {status, body} (201 or 200 with the photo's {@code id}) and {@code post(csrf, body)}
 * answering {status, body}; a network failure is a thrown error. A fresh CSRF token is fetched
 * before each flush, and once more when the server refuses the token (403). A photo the server
 * refuses (another 4xx) is rejected on the device and never uploaded again; one that failed on the
 * server's side (5xx) waits for the next flush. Answers:
 * {state: "done"|"offline"|"signed-out"|"error", sent, answered, uploaded, status}.
 * "signed-out" (401) and "offline" keep the queue untouched.
 */
export async function flush(outbox, transport, batchSize = BATCH) {
  const result = { state: "done", sent: 0, answered: 0, uploaded: 0, status: 200 };
  const photos = await outbox.awaitingUpload();
  if (photos.length === 0 && (await outbox.sendable()).length === 0) {
    return result;
  }
  let csrf;
  try {
    csrf = await token(transport);
  } catch (e) {
    return stop(result, e);
  }
  let failed = 0;
  for (const photo of photos) {
    let answer;
    try {
      answer = await transport.upload(csrf, photo.bookingId, photo.blob, photo.clientId);
      if (answer.status === 403) {
        csrf = await token(transport);
        answer = await transport.upload(csrf, photo.bookingId, photo.blob, photo.clientId);
      }
    } catch (e) {
      return stop(result, e);
    }
    // 201, or 200 when the server already had this item's picture (an earlier answer was lost).
    if ((answer.status === 201 || answer.status === 200) && answer.body && answer.body.id) {
      await outbox.uploaded(photo.clientId, String(answer.body.id));
      result.uploaded++;
    } else if (answer.status === 401) {
      return stop(result, new FlushError(401));
    } else if (refusal(answer.status)) {
      await outbox.refused(photo.clientId, refusal(answer.status), problemText(answer.body));
      result.answered++;
    } else {
      failed = answer.status;
    }
  }
  const items = await outbox.sendable();
  for (let start = 0; start < items.length; start += batchSize) {
    const batch = items.slice(start, start + batchSize);
    let answer;
    try {
      answer = await transport.post(csrf, { items: batch.map(wire) });
      if (answer.status === 403) {
        csrf = await token(transport);
        answer = await transport.post(csrf, { items: batch.map(wire) });
      }
    } catch (e) {
      return stop(result, e);
    }
    result.sent += batch.length;
    if (answer.status !== 200 || !answer.body || !Array.isArray(answer.body.results)) {
      return stop(result, new FlushError(answer.status));
    }
    result.answered += await outbox.answer(answer.body.results);
  }
  return failed ? stop(result, new FlushError(failed)) : result;
}

/**
 * The reason kept for a photo the server will never take, by the status of its refusal, or null
 * when trying again later may succeed (a timeout, too many requests, a server error).
 */
export function refusal(status) {
  if (status < 400 || status >= 500 || status === 408 || status === 429) {
    return null;
  }
  if (status === 413) {
    return "photo_too_large";
  }
  if (status === 403 || status === 404) {
    return "photo_not_allowed";
  }
  return "photo_refused";
}

/** The server's explanation in a problem answer (RFC 9457), if any. */
function problemText(body) {
  const text = body && (body.detail || body.title);
  return typeof text === "string" ? text.slice(0, 300) : null;
}

export class FlushError extends Error {
  constructor(status) {
    super("Sync answered " + status);
    this.status = status;
  }
}

async function token(transport) {
  const answer = await transport.csrf();
  if (answer.status !== 200 || !answer.body || !answer.body.token) {
    throw new FlushError(answer.status);
  }
  return answer.body;
}

function stop(result, error) {
  if (error instanceof FlushError) {
    result.status = error.status;
    result.state = error.status === 401 ? "signed-out" : "error";
  } else {
    result.status = 0;
    result.state = "offline";
  }
  return result;
}
