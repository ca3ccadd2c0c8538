// Small DOM helpers for the visit screen. Text always goes in as text nodes (never HTML), so
// whatever a person typed, or the server sent, is shown as typed.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      el.className = value;
    } else if (value === true) {
      el.setAttribute(name, "");
    } else {
      el.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function byId(id) {
  return document.getElementById(id);
}

export function replace(el, ...children) {
  el.replaceChildren();
  for (const child of children.flat(Infinity)) {
    if (child) {
      el.append(child);
    }
  }
}

const TIME = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const DAY = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short" });

export function time(iso) {
  return iso ? TIME.format(new Date(iso)) : "";
}

/** "09:00–10:00", with the day when it is not today. */
export function span(startIso, endIso) {
  const start = new Date(startIso);
  const today = new Date().toDateString() === start.toDateString();
  return (today ? "" : DAY.format(start) + " ") + time(startIso) + "–" + time(endIso);
}

/** A labelled field with room for its error, tied by aria-describedby when there is one. */
export function field({ id, label, type = "text", required = false, max, options, rows }) {
  let input;
  if (options) {
    input = h("select", { id, name: id }, options.map((o) => h("option", { value: o.value }, o.text)));
  } else if (rows) {
    input = h("textarea", { id, name: id, rows, maxlength: max, required });
  } else {
    input = h("input", { id, name: id, type, maxlength: max, required, autocomplete: "off" });
  }
  const error = h("p", { class: "field-error", id: id + "-error", hidden: true });
  return h("div", { class: "field" }, h("label", { for: id }, label), input, error);
}

export function showError(form, id, message) {
  const input = form.querySelector("#" + id);
  const error = form.querySelector("#" + id + "-error");
  error.textContent = message;
  error.hidden = false;
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", id + "-error");
  input.focus();
}

export function clearErrors(form) {
  for (const error of form.querySelectorAll(".field-error")) {
    error.hidden = true;
    error.textContent = "";
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  }
}
