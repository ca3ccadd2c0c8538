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
    async csrf() {
      server.tokens++;
      return { status: server.csrfStatus, body: { headerName: "X-CSRF-TOKEN", token: "t" + server.tokens } };
    },
    async post(csrf, body) {
      server.posts.push({ token: csrf.token, ids: body.items.map((i) => i.clientId), keys: Object.keys(body.items[0]).sort() });
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

  async aHeldPhotoIsCountedButNeverSent(m) {
    const outbox = await fresh(m);
    await outbox.record({ bookingId: booking, kind: "photo", payload: { photoRef: "x" }, label: "Photo", held: true, blob: new Blob(["jpeg"]) });
    await outbox.record({ bookingId: booking, kind: "note", payload: { text: "x" }, label: "Note" });
    const server = fakeServer();
    await m.flush(outbox, server);
    return { sentKinds: server.stored.map((s) => s.kind), unsynced: await outbox.unsynced(), outcomes: await outcomes(outbox) };
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
