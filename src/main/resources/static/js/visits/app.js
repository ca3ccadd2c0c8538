// The walker's visit screen (issue 11): Today and one visit, working with no signal. Every action
// is written to the device's outbox first and shown at once; the outbox is flushed on open, when
// the connection returns, every 30 s and on "Sync now". The visits come from /visits/data and are
// kept on the device so Today opens offline. Access secrets are never stored: "Show alarm code"
// asks the server each time, online only, and the code disappears after 60 s.
import { Outbox, deleteDatabase } from "./outbox.js";
import { Syncer, http, cachedVisits } from "./sync.js";
import { Walk, currentPin, clock } from "./walk.js";
import { downscale } from "./photo.js";
import { h, byId, replace, time, span, field, showError, clearErrors } from "./ui.js";

const UUID = /^\/visits\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;
/** Answered items stay listed this long, then leave the device. */
const KEEP_ANSWERED_MS = 48 * 3600 * 1000;
const REVEAL_SECONDS = 60;

const REASONS = {
  invalid_payload: "the server could not read it",
  too_large: "it is too large",
  device_time_in_future: "this phone's clock is ahead; check its time",
  too_old: "it is more than 7 days old",
  unknown_booking: "this visit is not yours or no longer exists",
  not_assigned: "you were not assigned to this visit at that time",
  invalid_supersedes: "it corrects itself",
  conflict: "another entry already has this id",
  unknown_photo: "the photo it names was not uploaded by you for this visit",
  photo_too_large: "the photo is too large",
  photo_not_allowed: "photos can be added only to your own visit, during its time",
  photo_refused: "the server did not accept this picture",
};

const state = {
  outbox: null,
  syncer: null,
  data: null,
  bookingId: null,
  walk: null,
  offline: !navigator.onLine,
  signedOut: false,
  visitShown: false,
  recording: Promise.resolve(),
};

function announce(message) {
  const status = byId("sync-status");
  status.textContent = "";
  // A fresh text node so screen readers read the same message twice in a row.
  setTimeout(() => (status.textContent = message), 50);
}

// ---- connection and sign-in state ----

function showConnection() {
  const offline = state.offline || !navigator.onLine;
  byId("connection").hidden = !offline;
  document.body.classList.toggle("is-offline", offline);
  for (const button of document.querySelectorAll("[data-online-only]")) {
    button.disabled = offline;
  }
  for (const hint of document.querySelectorAll("[data-offline-hint]")) {
    hint.hidden = !offline;
  }
  byId("sign-in-again").hidden = !state.signedOut;
}

// ---- the outbox list and count ----

function outcomeText(item) {
  if (item.outcome === "pending") {
    return item.held ? "Waiting to upload the photo" : "Waiting to sync";
  }
  if (item.outcome === "accepted") {
    return "Synced";
  }
  if (item.outcome === "duplicate") {
    return "Synced (already received)";
  }
  const reason = item.reason || "";
  // A refused photo upload also keeps the server's own words (e.g. the size limit).
  const detail = item.detail ? " (" + item.detail + ")" : "";
  return "Rejected: " + (REASONS[reason] || reason || "no reason given") + detail;
}

async function showOutbox() {
  const items = await state.outbox.list(state.bookingId || undefined);
  const list = byId("outbox");
  replace(
    list,
    items
      .slice()
      .reverse()
      .map((item) =>
        h(
          "li",
          {
            "data-client-id": item.clientId,
            "data-outcome": item.outcome,
            "data-reason": item.outcome === "rejected" ? item.reason || "unknown" : null,
            class: "outbox-item",
          },
          h("span", { class: "item-label" }, (state.bookingId || !item.place ? "" : item.place + ": ") + item.label),
          h("span", { class: "item-time" }, time(item.deviceTime)),
          h("span", { class: "item-outcome outcome-" + item.outcome }, outcomeText(item)),
        ),
      ),
  );
  byId("outbox-empty").hidden = items.length > 0;
  const count = await state.outbox.unsynced();
  byId("unsynced-count").textContent = String(count);
  if (state.bookingId) {
    showProgress(items);
  }
  return count;
}

/** Records an action on the device, shows it, then tries to send it. */
function record(kind, payload, label, extra = {}) {
  // Sign-out waits for every recording under way, so a quick tap never loses the last item.
  const done = state.recording.then(() => store(kind, payload, label, extra));
  state.recording = done.catch(() => {});
  return done;
}

async function store(kind, payload, label, extra) {
  const visit = findVisit();
  const place = visit ? visit.householdName : null;
  await state.outbox.record({ bookingId: state.bookingId, kind, payload, label, place, ...extra });
  const count = await showOutbox();
  announce(label + " recorded on this phone. Unsynced: " + count + ".");
  state.syncer.run();
}

function onSynced({ flush, data }) {
  state.offline = flush.state === "offline" || data.state === "offline";
  state.signedOut = flush.state === "signed-out" || data.state === "signed-out";
  if (data.state === "done") {
    state.data = data.data;
    if (!state.bookingId) {
      showToday();
    } else if (!!findVisit() !== state.visitShown) {
      showVisit();
    }
  }
  if (data.state === "signed-out") {
    state.data = null;
    if (!state.bookingId) {
      showToday();
    }
  }
  showConnection();
  showOutbox().then((count) => {
    if (flush.sent > 0 || flush.state !== "done") {
      announce(summary(flush, count));
    }
  });
}

function summary(flush, count) {
  if (flush.state === "offline") {
    return "Offline. " + count + " unsynced, kept on this phone.";
  }
  if (flush.state === "signed-out") {
    return "Sign in again to sync. " + count + " unsynced, kept on this phone.";
  }
  if (flush.state === "error") {
    return "Sync failed (" + flush.status + "). " + count + " unsynced, kept on this phone.";
  }
  return "Synced. Unsynced: " + count + ".";
}

// ---- Today ----

function showToday() {
  byId("page-title").textContent = "Today";
  document.title = "Today · Pawkeep visits";
  const view = byId("view");
  const data = state.data;
  if (!data) {
    replace(
      view,
      h(
        "p",
        { class: "empty" },
        state.signedOut
          ? "Sign in to load your visits."
          : "Your visits are not on this phone yet. They load when there is a connection.",
      ),
    );
    return;
  }
  const items = data.visits.map((v) =>
    h(
      "li",
      { class: "visit-card" },
      h("a", { href: "/visits/" + v.bookingId, class: "visit-link" }, v.householdName),
      h("p", { class: "visit-when" }, span(v.startsAt, v.endsAt), v.serviceName ? " · " + v.serviceName : ""),
      h("p", { class: "visit-pets" }, v.pets.map((p) => p.name).join(", ")),
      v.addressNote ? h("p", { class: "visit-address" }, v.addressNote) : null,
    ),
  );
  replace(
    view,
    items.length
      ? h("ul", { id: "visits", class: "visits" }, items)
      : [h("ul", { id: "visits", class: "visits" }), h("p", { class: "empty" }, "No visits in the next 24 hours.")],
    h("p", { class: "updated" }, "Updated " + time(data.generatedAt) + (data.person ? " for " + data.person.name : "")),
  );
}

// ---- one visit ----

function findVisit() {
  return state.data && state.data.visits.find((v) => v.bookingId === state.bookingId);
}

function showVisit() {
  const view = byId("view");
  const visit = findVisit();
  state.visitShown = !!visit;
  if (!visit) {
    byId("page-title").textContent = "Visit not on this phone";
    document.title = "Visit · Pawkeep visits";
    replace(
      view,
      h("p", {}, "This visit is not among your visits of today and the next 24 hours on this phone."),
      h("p", {}, h("a", { href: "/visits" }, "Back to Today")),
    );
    return;
  }
  byId("page-title").textContent = visit.householdName;
  document.title = visit.householdName + " · Pawkeep visits";
  replace(
    view,
    h("p", { class: "back" }, h("a", { href: "/visits" }, "Today")),
    h(
      "p",
      { class: "visit-when" },
      span(visit.startsAt, visit.endsAt),
      " · ",
      visit.businessName,
      visit.serviceName ? " · " + visit.serviceName : "",
    ),
    visit.addressNote ? h("p", { class: "visit-address" }, visit.addressNote) : null,
    h("p", { id: "progress", class: "progress" }),
    actions(visit),
    h("div", { id: "form-slot" }),
    h(
      "section",
      { class: "pets", "aria-labelledby": "pets-heading" },
      h("h2", { id: "pets-heading" }, visit.pets.length === 1 ? "Pet" : "Pets"),
      visit.pets.map((p) =>
        h(
          "article",
          { class: "pet" },
          h("h3", {}, p.name, p.species ? h("span", { class: "species" }, " (" + p.species + ")") : null),
          p.careInstructions
            ? h("p", { class: "care-instructions" }, p.careInstructions)
            : h("p", { class: "muted" }, "No care instructions."),
        ),
      ),
    ),
    visit.hasAccessSecrets ? alarmSection() : null,
  );
  showConnection();
}

function actions(visit) {
  const walking = !!state.walk;
  return h(
    "section",
    { class: "visit-actions", "aria-labelledby": "actions-heading" },
    h("h2", { id: "actions-heading" }, "Record"),
    h(
      "div",
      { class: "action-grid" },
      h("button", { type: "button", class: "action", onclick: checkIn }, "Check in"),
      h("button", { type: "button", class: "action", id: "start-walk", hidden: walking, onclick: () => startWalk(visit) }, "Start walk"),
      h("button", { type: "button", class: "action action-stop", id: "stop-walk", hidden: !walking, onclick: stopWalk }, "Stop walk"),
      h("button", { type: "button", class: "action", onclick: (e) => openForm("feeding", visit, e.target) }, "Feeding"),
      h("button", { type: "button", class: "action", onclick: (e) => openForm("medication", visit, e.target) }, "Medication given"),
      h("button", { type: "button", class: "action", onclick: (e) => openForm("note", visit, e.target) }, "Add note"),
      h(
        "label",
        { class: "action file-action" },
        "Add photo",
        h("input", { type: "file", accept: "image/*", capture: "environment", class: "file-input", onchange: addPhoto }),
      ),
      h("button", { type: "button", class: "action", onclick: checkOut }, "Check out"),
    ),
    h(
      "div",
      { id: "walk-panel", class: "walk-panel", hidden: !walking },
      h("p", {}, "Walking: ", h("span", { id: "walk-time" }, "00:00")),
      h(
        "p",
        {},
        "Distance: ",
        h("span", { id: "walk-distance" }, visit.recordTracks ? "0" : "not recorded"),
        visit.recordTracks ? " m" : "",
      ),
    ),
  );
}

function showProgress(items) {
  const progress = byId("progress");
  if (!progress) {
    return;
  }
  const last = (kind) => items.filter((i) => i.kind === kind).pop();
  const checkedIn = last("check_in");
  const checkedOut = last("check_out");
  progress.textContent = checkedOut
    ? "Checked out at " + time(checkedOut.deviceTime) + "."
    : checkedIn
      ? "Checked in at " + time(checkedIn.deviceTime) + "."
      : "Not checked in yet.";
}

async function pinned(kind, label, button) {
  button.disabled = true;
  announce("Getting your position…");
  // The last point of a walk in progress is fresh enough; otherwise ask once, briefly.
  const pin = state.walk && state.walk.track.length ? state.walk.track.at(-1) : await currentPin();
  button.disabled = false;
  await record(kind, pin ? { pin } : {}, label + (pin ? "" : " (no position)"));
}

function checkIn(event) {
  return pinned("check_in", "Check in", event.target);
}

function checkOut(event) {
  return pinned("check_out", "Check out", event.target);
}

function startWalk(visit) {
  state.walk = new Walk(visit.recordTracks, (walk) => {
    const t = byId("walk-time");
    const d = byId("walk-distance");
    if (t) {
      t.textContent = clock(walk.elapsed());
    }
    if (d && walk.recordTracks) {
      d.textContent = String(walk.meters());
    }
  });
  state.walk.start();
  byId("start-walk").hidden = true;
  byId("walk-panel").hidden = false;
  const stop = byId("stop-walk");
  stop.hidden = false;
  stop.focus();
  announce("Walk started.");
}

async function stopWalk() {
  const payload = state.walk.stop();
  state.walk = null;
  byId("stop-walk").hidden = true;
  byId("walk-panel").hidden = true;
  const start = byId("start-walk");
  start.hidden = false;
  start.focus();
  const km = payload.distanceMeters !== undefined ? ", " + (payload.distanceMeters / 1000).toFixed(2) + " km" : "";
  await record("walk", payload, "Walk " + payload.durationMinutes + " min" + km);
}

// ---- small forms: feeding, medication, note ----

const FORMS = {
  feeding: {
    title: "Feeding",
    fields: [
      { id: "food", label: "Food", required: true, max: 200 },
      { id: "amount", label: "Amount", max: 100 },
    ],
    payload: (v) => ({ food: v.food, amount: v.amount }),
    label: (v) => "Feeding: " + v.food + (v.amount ? " " + v.amount : ""),
  },
  medication: {
    title: "Medication given",
    fields: [
      { id: "medication", label: "Medication", required: true, max: 200 },
      { id: "dose", label: "Dose", required: true, max: 100 },
    ],
    payload: (v) => ({ medication: v.medication, dose: v.dose }),
    label: (v) => "Medication: " + v.medication + " " + v.dose,
  },
  note: {
    title: "Note",
    fields: [{ id: "note", label: "Note", required: true, max: 2000, rows: 4 }],
    payload: (v) => ({ text: v.note }),
    label: (v) => "Note: " + (v.note.length > 60 ? v.note.slice(0, 60) + "…" : v.note),
  },
};

function openForm(kind, visit, opener) {
  const spec = FORMS[kind];
  const petChoice =
    kind !== "note" && visit.pets.length > 0
      ? field({
          id: "pet",
          label: "Pet",
          options: (visit.pets.length > 1 ? [{ value: "", text: "All pets" }] : []).concat(
            visit.pets.map((p) => ({ value: p.id, text: p.name })),
          ),
        })
      : null;
  const close = () => {
    replace(byId("form-slot"));
    opener.focus();
  };
  const form = h(
    "form",
    { class: "care-form", novalidate: true, "aria-labelledby": "form-heading" },
    h("h2", { id: "form-heading" }, spec.title),
    petChoice,
    spec.fields.map((f) => field(f)),
    h(
      "div",
      { class: "form-buttons" },
      h("button", { type: "submit", class: "action" }, "Save"),
      h("button", { type: "button", class: "button-secondary", onclick: close }, "Cancel"),
    ),
  );
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      close();
    }
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const values = {};
    for (const f of spec.fields) {
      values[f.id] = form.querySelector("#" + f.id).value.trim();
    }
    const missing = spec.fields.find((f) => f.required && !values[f.id]);
    if (missing) {
      showError(form, missing.id, "Enter the " + missing.label.toLowerCase() + ".");
      return;
    }
    const payload = spec.payload(values);
    for (const key of Object.keys(payload)) {
      if (!payload[key]) {
        delete payload[key];
      }
    }
    const pet = form.querySelector("#pet");
    if (pet && pet.value) {
      payload.petId = pet.value;
    }
    replace(byId("form-slot"));
    opener.focus();
    await record(kind, payload, spec.label(values));
  });
  replace(byId("form-slot"), form);
  form.querySelector(petChoice && visit.pets.length > 1 ? "#pet" : "#" + spec.fields[0].id).focus();
}

async function addPhoto(event) {
  const file = event.target.files && event.target.files[0];
  event.target.value = "";
  if (!file) {
    return;
  }
  try {
    const photo = await downscale(file);
    // Held: the next sync uploads the picture first, then the item naming the uploaded photo.
    await record("photo", {}, "Photo", { held: true, blob: photo.blob });
  } catch (e) {
    announce("That photo could not be read.");
  }
}

// ---- alarm code: online only, never stored ----

function alarmSection() {
  return h(
    "section",
    { class: "alarm", "aria-labelledby": "alarm-heading" },
    h("h2", { id: "alarm-heading" }, "Alarm code and access"),
    h(
      "button",
      { type: "button", class: "action", id: "show-alarm", "data-online-only": true, "aria-describedby": "alarm-hint", onclick: openReveal },
      "Show alarm code",
    ),
    h("p", { id: "alarm-hint", class: "muted" }, "Needs a connection. The household sees who looked and why. Never kept on this phone."),
    h("div", { id: "alarm-slot" }),
  );
}

function openReveal() {
  const slot = byId("alarm-slot");
  const form = h(
    "form",
    { class: "care-form", novalidate: true },
    field({ id: "reveal-reason", label: "Reason for showing the code", required: true, max: 200 }),
    h(
      "div",
      { class: "form-buttons" },
      h("button", { type: "submit", class: "action" }, "Show"),
      h("button", { type: "button", class: "button-secondary", onclick: () => { replace(slot); byId("show-alarm").focus(); } }, "Cancel"),
    ),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    const reason = form.querySelector("#reveal-reason").value.trim();
    if (!reason) {
      showError(form, "reveal-reason", "Enter why you need the code.");
      return;
    }
    await reveal(form, reason);
  });
  replace(slot, form);
  form.querySelector("#reveal-reason").focus();
}

async function reveal(form, reason) {
  let answer;
  try {
    const csrf = await http.csrf();
    if (csrf.status !== 200 || !csrf.body) {
      answer = csrf;
    } else {
      answer = await http.reveal(csrf.body, state.bookingId, reason);
    }
  } catch (e) {
    state.offline = true;
    showConnection();
    showError(form, "reveal-reason", "No connection: the code can only be shown online.");
    return;
  }
  if (answer.status === 401) {
    state.signedOut = true;
    showConnection();
    showError(form, "reveal-reason", "Sign in again to show the code.");
  } else if (answer.status === 400) {
    showError(form, "reveal-reason", "Enter why you need the code.");
  } else if (answer.status !== 200 || !answer.body || !Array.isArray(answer.body.fields)) {
    showError(form, "reveal-reason", "You cannot see this household's codes now.");
  } else {
    showSecret(answer.body.fields);
  }
}

function showSecret(fields) {
  const slot = byId("alarm-slot");
  let left = REVEAL_SECONDS;
  const countdown = h("span", { id: "alarm-countdown" }, String(left));
  const hide = () => {
    clearInterval(timer);
    replace(slot);
    announce("Code hidden.");
    const button = byId("show-alarm");
    if (button) {
      button.focus();
    }
  };
  const timer = setInterval(() => {
    left -= 1;
    countdown.textContent = String(left);
    if (left <= 0) {
      hide();
    }
  }, 1000);
  const list = h(
    "dl",
    { id: "alarm-fields", class: "secret-fields", tabindex: "-1" },
    fields.map((f) => [h("dt", {}, f.name), h("dd", { class: "secret-value" }, f.value)]),
  );
  replace(
    slot,
    list,
    h("p", { class: "muted" }, "Hidden in ", countdown, " s."),
    h("button", { type: "button", class: "button-secondary", onclick: hide }, "Hide now"),
  );
  list.focus();
}

// ---- sign out ----

async function signOut(event) {
  const button = event.target;
  button.disabled = true;
  announce("Syncing before signing out…");
  await state.recording;
  // A flush already running may have started before the last item: wait for it, then flush again.
  await state.syncer.running;
  await state.syncer.run();
  const left = (await state.outbox.sendable()).length + (await state.outbox.awaitingUpload()).length;
  button.disabled = false;
  if (left > 0 && !byId("sign-out-anyway")) {
    const warning = h(
      "div",
      { class: "warning", id: "sign-out-warning", role: "alert" },
      h("p", {}, left + " items are not synced yet. Signing out now deletes them from this phone."),
      h("button", { type: "button", id: "sign-out-anyway", class: "button-secondary", onclick: () => leave() }, "Sign out anyway"),
    );
    button.after(warning);
    return;
  }
  await leave();
}

/** Deletes what the app stored on this phone, then ends the session with the sign-out form. */
async function leave() {
  let csrf;
  try {
    csrf = await http.csrf();
  } catch (e) {
    csrf = { status: 0 };
  }
  clearInterval(state.syncer.timer);
  state.outbox.close();
  await deleteDatabase();
  if (window.caches) {
    for (const name of await caches.keys()) {
      if (name.startsWith("pawkeep-visits")) {
        await caches.delete(name);
      }
    }
  }
  if (csrf.status !== 200 || !csrf.body) {
    // No session (or no connection): nothing to end on the server; this phone is cleared.
    window.location.assign("/sign-in");
    return;
  }
  const form = h(
    "form",
    { method: "post", action: "/sign-out", hidden: true },
    h("input", { type: "hidden", name: "_csrf", value: csrf.body.token }),
  );
  document.body.append(form);
  form.submit();
}

// ---- start ----

async function start() {
  const match = UUID.exec(location.pathname);
  state.bookingId = match ? match[1].toLowerCase() : null;
  state.outbox = await Outbox.open();
  await state.outbox.prune(Date.now() - KEEP_ANSWERED_MS);
  state.data = (await cachedVisits(state.outbox)) || null;
  state.syncer = new Syncer(state.outbox, onSynced);
  byId("sync-now").addEventListener("click", () => {
    announce("Syncing…");
    state.syncer.run();
  });
  byId("sign-out").addEventListener("click", signOut);
  window.addEventListener("online", () => {
    state.offline = false;
    showConnection();
  });
  // A walk lives in this page until "Stop walk" records it: leaving asks first.
  window.addEventListener("beforeunload", (event) => {
    if (state.walk) {
      event.preventDefault();
    }
  });
  window.addEventListener("offline", () => {
    state.offline = true;
    showConnection();
  });
  if (state.bookingId) {
    showVisit();
  } else {
    showToday();
  }
  await showOutbox();
  showConnection();
  document.body.classList.add("app-ready");
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/visits/sw.js", { scope: "/visits" }).catch(() => {});
  }
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().catch(() => {});
  }
  state.syncer.start();
}

start();
