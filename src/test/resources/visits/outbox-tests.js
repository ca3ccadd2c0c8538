// Unit tests of /js/visits/outbox.js, run inside Chromium by VisitsBrowserTests (executeAsyncScript):
// the real module, a real IndexedDB, and a fake server behind the transport. The last argument is
// Selenium's callback; the first is the name of the case. Each case answers a plain object the Java
// test asserts on.
const [name, callback] = [arguments[0], arguments[arguments.length - 1]];

/** A fake server: holds what it stored by client id, answers like POST /visits/sync. */
function fakeServer(options = {}) {
  const server = {
    stored: [],
    posts: [],
    tokens: 0,
    csrfStatus: options.csrfStatus || 200,
    postStatus: options.postStatus || 200,
    rejectKinds: options.rejectKinds || {},
    // posts numbered from 1: after storing, "lose the answer" (a dropped connection) on these
    dropAnswerOf: options.dropAnswerOf || [],
    refuseTokenOnce: options.refuseTokenOnce || false,
    // the answers to uploads in turn (a status, or "network" for a dropped connection); then 201
    uploadAnswers: options.uploadAnswers || [],
    uploads: [],
    photos: [],
    byItem: {},
    async upload(csrf, bookingId, blob, clientId) {
      server.uploads.push({ token: csrf.token, bookingId, clientId, text: await blob.text(), type: blob.type });
      if (server.byItem[clientId]) {
        return { status: 200, body: { id: server.byItem[clientId], place: "visit", bookingId } };
      }
      const status = server.uploadAnswers.length ? server.uploadAnswers.shift() : 201;
      if (status === "network") {
        throw new TypeError("Failed to fetch");
      }
      if (status === "lost") {
        // stored, but the connection dies before the answer arrives
        server.byItem[clientId] = crypto.randomUUID();
        server.photos.push(server.byItem[clientId]);
        throw new TypeError("Failed to fetch");
      }
      if (status !== 201) {
        return { status, body: { status, title: "Refused", detail: "The file is larger than 10 MiB." } };
      }
      const id = crypto.randomUUID();
      server.byItem[clientId] = id;
      server.photos.push(id);
      return { status: 201, body: { id, place: "visit", bookingId } };
    },
    async csrf() {
      server.tokens++;
      return { status: server.csrfStatus, body: { headerName: "X-CSRF-TOKEN", token: "t" + server.tokens } };
    },
    async post(csrf, body) {
      server.posts.push({ token: csrf.token, ids: body.items.map((i) => i.clientId), keys: Object.keys(body.items[0]).sort(), items: body.items });
      if (server.refuseTokenOnce) {
        server.refuseTokenOnce = false;
        return { status: 403, body: null };
      }
      if (server.postStatus !== 200) {
        return { status: server.postStatus, body: null };
      }
      const results = body.items.map((item) => {
        if (server.rejectKinds[item.kind]) {
          return { clientId: item.clientId, outcome: "rejected", reason: server.rejectKinds[item.kind], receivedAt: null };
        }
        if (server.stored.some((s) => s.clientId === item.clientId)) {
          return { clientId: item.clientId, outcome: "duplicate", reason: null, receivedAt: "2026-12-01T08:00:00Z" };
        }
        server.stored.push(item);
        return { clientId: item.clientId, outcome: "accepted", reason: null, receivedAt: "2026-12-01T08:00:00Z" };
      });
      if (server.dropAnswerOf.includes(server.posts.length)) {
        throw new TypeError("Failed to fetch");
      }
      return { status: 200, body: { results } };
    },
  };
  return server;
}

const booking = "3f2b6a7e-1111-4222-8333-944455556666";

async function fresh(m) {
  const db = "pawkeep-visits-test-" + name;
  await m.deleteDatabase(db);
  return m.Outbox.open(db);
}

async function three(outbox) {
  const a = await outbox.record({ bookingId: booking, kind: "check_in", payload: {}, label: "Check in" });
  const b = await outbox.record({ bookingId: booking, kind: "note", payload: { text: "Rex ate" }, label: "Note" });
  const c = await outbox.record({ bookingId: booking, kind: "check_out", payload: {}, label: "Check out" });
  return [a, b, c];
}

/** A photo as the app records it: held, its downscaled picture kept as a Blob, no photo id yet. */
function photo(outbox) {
  const blob = new Blob(["jpeg bytes"], { type: "image/jpeg" });
  return outbox.record({ bookingId: booking, kind: "photo", payload: {}, label: "Photo", held: true, blob });
}

async function outcomes(outbox) {
  return (await outbox.list()).map((i) => i.outcome);
}

const cases = {
  async recordsAtOnceWithAClientIdAndTheDeviceTime(m) {
    const outbox = await fresh(m);
    const before = Date.now();
    const item = await outbox.record({ bookingId: booking, kind: "note", payload: { text: "x" }, label: "Note" });
    const listed = await outbox.list(booking);
    return {
      clientId: item.clientId,
      deviceTimeMs: Date.parse(item.deviceTime),
      before,
      after: Date.now(),
      listed: listed.length,
      outcome: listed[0].outcome,
      unsynced: await outbox.unsynced(),
      otherBooking: (await outbox.list("00000000-0000-4000-8000-000000000000")).length,
    };
  },

  async sendsInRecordedOrderInBatches(m) {
    const outbox = await fresh(m);
    const items = await three(outbox);
    const server = fakeServer();
    const result = await m.flush(outbox, server, 2);
    return {
      recorded: items.map((i) => i.clientId),
      posted: server.posts.map((p) => p.ids),
      tokens: server.tokens,
      wireKeys: server.posts[0].keys,
      state: result.state,
      unsynced: await outbox.unsynced(),
    };
  },

  async eachOutcomeIsKeptBesideItsItem(m) {
    const outbox = await fresh(m);
    const [a] = await three(outbox);
    const server = fakeServer({ rejectKinds: { note: "not_assigned" } });
    server.stored.push({ clientId: a.clientId });
    await m.flush(outbox, server);
    const listed = await outbox.list();
    return {
      outcomes: listed.map((i) => i.outcome),
      reasons: listed.map((i) => i.reason),
      unsynced: await outbox.unsynced(),
    };
  },

  async aRejectedItemIsNeverSentAgain(m) {
    const outbox = await fresh(m);
    await outbox.record({ bookingId: booking, kind: "note", payload: { text: "x" }, label: "Note" });
    const server = fakeServer({ rejectKinds: { note: "unknown_booking" } });
    const first = await m.flush(outbox, server);
    const second = await m.flush(outbox, server);
    const third = await m.flush(outbox, server);
    return { posts: server.posts.length, first: first.sent, second: second.sent, third: third.sent, outcomes: await outcomes(outbox) };
  },

  async signedOutKeepsTheWholeQueue(m) {
    const outbox = await fresh(m);
    await three(outbox);
    const onPost = fakeServer({ postStatus: 401 });
    const a = await m.flush(outbox, onPost);
    const onToken = fakeServer({ csrfStatus: 401 });
    const b = await m.flush(outbox, onToken);
    const back = fakeServer();
    const c = await m.flush(outbox, back);
    return {
      states: [a.state, b.state, c.state],
      postsWhileSignedOut: onToken.posts.length,
      afterSignedOut: onPost.stored.length,
      stored: back.stored.length,
      outcomes: await outcomes(outbox),
    };
  },

  async aRefusedTokenIsFetchedAfreshAndTriedOnce(m) {
    const outbox = await fresh(m);
    await three(outbox);
    const server = fakeServer({ refuseTokenOnce: true });
    const result = await m.flush(outbox, server);
    return { state: result.state, tokens: server.tokens, postTokens: server.posts.map((p) => p.token), outcomes: await outcomes(outbox) };
  },

  async anInterruptedFlushResendsTheSameClientIdsAndNothingIsStoredTwice(m) {
    const outbox = await fresh(m);
    const items = await three(outbox);
    const more = await outbox.record({ bookingId: booking, kind: "feeding", payload: { food: "kibble" }, label: "Feeding" });
    // batch 1 (2 items) answered; batch 2 stored by the server but the answer is lost
    const server = fakeServer({ dropAnswerOf: [2] });
    const first = await m.flush(outbox, server, 2);
    const between = await outcomes(outbox);
    const second = await m.flush(outbox, server, 2);
    const ids = items.map((i) => i.clientId).concat(more.clientId);
    return {
      first: first.state,
      between,
      second: second.state,
      resent: server.posts[2].ids,
      expectedResent: ids.slice(2),
      storedIds: server.stored.map((s) => s.clientId),
      ids,
      outcomes: await outcomes(outbox),
    };
  },

  async onlyTheAnswerForItsOwnClientIdMovesAnItem(m) {
    const outbox = await fresh(m);
    const [a, b] = await three(outbox);
    const changed = await outbox.answer([
      { clientId: crypto.randomUUID(), outcome: "accepted" },
      { clientId: a.clientId, outcome: "accepted" },
      { clientId: b.clientId, outcome: "pending" },
      { clientId: b.clientId, outcome: "bogus" },
    ]);
    const again = await outbox.answer([{ clientId: a.clientId, outcome: "rejected", reason: "conflict" }]);
    return { changed, again, outcomes: await outcomes(outbox) };
  },

  async aHeldPhotoIsCountedButNeverSyncedWithoutItsUpload(m) {
    const outbox = await fresh(m);
    await photo(outbox);
    await outbox.record({ bookingId: booking, kind: "note", payload: { text: "x" }, label: "Note" });
    // The picture cannot be sent: the connection drops on its upload.
    const server = fakeServer({ uploadAnswers: ["network"] });
    const result = await m.flush(outbox, server);
    return { state: result.state, sentKinds: server.stored.map((s) => s.kind), unsynced: await outbox.unsynced(), outcomes: await outcomes(outbox) };
  },

  async aHeldPhotoIsUploadedFirstThenSyncedNamingTheUploadedPhoto(m) {
    const outbox = await fresh(m);
    const taken = await photo(outbox);
    await outbox.record({ bookingId: booking, kind: "note", payload: { text: "x" }, label: "Note" });
    const server = fakeServer();
    const result = await m.flush(outbox, server);
    const [item] = await outbox.list();
    return {
      state: result.state,
      photoClientId: taken.clientId,
      uploads: server.uploads,
      tokens: server.tokens,
      photoId: server.photos[0],
      sent: server.stored.map((s) => [s.kind, s.clientId === taken.clientId ? s.payload.photoRef : null]),
      kept: { photoId: item.photoId, blob: item.blob, held: item.held },
      unsynced: await outbox.unsynced(),
      outcomes: await outcomes(outbox),
    };
  },

  async anUploadedPhotoIsNeverUploadedAgainAfterALostSyncOrAReload(m) {
    let outbox = await fresh(m);
    await photo(outbox);
    // The upload is answered; the sync that follows loses its answer (the server stored the item).
    const first = fakeServer({ dropAnswerOf: [1] });
    const cut = await m.flush(outbox, first);
    const between = (await outbox.list())[0];
    // The page is reloaded: the outbox is opened again from IndexedDB.
    outbox.close();
    outbox = await m.Outbox.open("pawkeep-visits-test-" + name);
    const second = fakeServer();
    second.stored.push(...first.stored);
    const again = await m.flush(outbox, second);
    return {
      states: [cut.state, again.state],
      uploads: [first.uploads.length, second.uploads.length],
      between: { outcome: between.outcome, photoId: between.photoId, photoRef: between.payload.photoRef },
      firstPhoto: first.photos[0],
      resentRef: second.posts.length ? second.posts[0].items[0].payload.photoRef : "no post",
      outcomes: await outcomes(outbox),
    };
  },

  async aLostUploadAnswerGetsTheStoredPhotoOnTheRetry(m) {
    const outbox = await fresh(m);
    await photo(outbox);
    const server = fakeServer({ uploadAnswers: ["lost"] });
    const lost = await m.flush(outbox, server);
    const again = await m.flush(outbox, server);
    return {
      states: [lost.state, again.state],
      uploads: server.uploads.map((u) => u.clientId),
      photos: server.photos,
      named: server.stored.map((s) => s.payload.photoRef),
      outcomes: await outcomes(outbox),
    };
  },

  async aPhotoUploadCutByTheNetworkKeepsItsPictureUntilTheNextFlush(m) {
    const outbox = await fresh(m);
    await photo(outbox);
    const server = fakeServer({ uploadAnswers: ["network", 503] });
    const offline = await m.flush(outbox, server);
    const kept = (await outbox.list())[0];
    const failed = await m.flush(outbox, server);
    const stillKept = (await outbox.list())[0];
    const done = await m.flush(outbox, server);
    return {
      states: [offline.state, failed.state, done.state],
      statuses: [offline.status, failed.status],
      keptBlob: [await kept.blob.text(), await stillKept.blob.text()],
      uploads: server.uploads.length,
      posts: server.posts.length,
      outcomes: await outcomes(outbox),
    };
  },

  async aPhotoTheServerRefusesIsRejectedWithItsWordsAndNeverUploadedAgain(m) {
    const outbox = await fresh(m);
    await photo(outbox);
    await photo(outbox);
    // The first photo: a refused CSRF token is replaced once, then the photo itself is refused.
    const server = fakeServer({ uploadAnswers: [403, 413, 404] });
    const first = await m.flush(outbox, server);
    const second = await m.flush(outbox, server);
    const listed = await outbox.list();
    return {
      state: first.state,
      secondState: second.state,
      uploads: server.uploads.map((u) => u.token),
      posts: server.posts.length,
      outcomes: listed.map((i) => i.outcome),
      reasons: listed.map((i) => i.reason),
      details: listed.map((i) => i.detail),
      blobs: listed.map((i) => i.blob),
      unsynced: await outbox.unsynced(),
      refusals: [400, 403, 404, 408, 413, 415, 429, 500, 503].map((s) => m.refusal(s)),
    };
  },

  async offlineKeepsTheQueueAndAnsweredItemsArePrunedLater(m) {
    const outbox = await fresh(m);
    await three(outbox);
    const down = {
      csrf: () => Promise.reject(new TypeError("Failed to fetch")),
      post: () => Promise.reject(new TypeError("Failed to fetch")),
    };
    const offline = await m.flush(outbox, down);
    const pendingAfterOffline = await outbox.unsynced();
    await m.flush(outbox, fakeServer());
    await outbox.prune(Date.now() + 1000);
    return { offline: offline.state, pendingAfterOffline, left: (await outbox.list()).length };
  },
};

import("/js/visits/outbox.js")
  .then((m) => cases[name](m))
  .then((result) => callback({ ok: true, result }))
  .catch((e) => callback({ ok: false, error: String(e && e.stack ? e.stack : e) }));
