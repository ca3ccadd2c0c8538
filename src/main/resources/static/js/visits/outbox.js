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
   * photo waiting for the upload service) stays on the device and is never sent.
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
 * Sends every sendable item, oldest first, in batches. {@code transport} has {@code csrf()}
 * answering {status, body} and {@code post(csrf, body)} answering {status, body}; a network
 * failure is a thrown error. A fresh CSRF token is fetched before each flush, and once more when
 * the server refuses the token (403). Answers:
 * {state: "done"|"offline"|"signed-out"|"error", sent, answered, status}.
 * "signed-out" (401) and "offline" keep the queue untouched.
 */
export async function flush(outbox, transport, batchSize = BATCH) {
  const result = { state: "done", sent: 0, answered: 0, status: 200 };
  let items = await outbox.sendable();
  if (items.length === 0) {
    return result;
  }
  let csrf;
  try {
    csrf = await token(transport);
  } catch (e) {
    return stop(result, e);
  }
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
  return result;
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
