// Sends the page's CSRF token with every htmx request (the layout puts it in a meta tag; the
// cookie holding its pair is HttpOnly). No inline scripts: the content security policy forbids them.
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector('meta[name="csrf-token"]');
  var header = document.querySelector('meta[name="csrf-header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});

// "Older ..." links marked data-load-more (fragment layout/more) append the next page to their
// list in place. Keyboard users land on the first new item, screen readers hear how many came.
document.addEventListener("htmx:beforeSwap", function (event) {
  var link = event.detail.requestConfig && event.detail.requestConfig.elt;
  var listId = link && link.getAttribute && link.getAttribute("data-load-more");
  var list = listId && document.getElementById(listId);
  if (list) {
    list.setAttribute("data-count-before", String(list.children.length));
  }
});
document.addEventListener("htmx:afterSettle", function (event) {
  var list = event.target;
  if (!list.hasAttribute || !list.hasAttribute("data-count-before")) {
    return;
  }
  var before = Number(list.getAttribute("data-count-before"));
  list.removeAttribute("data-count-before");
  var added = list.children.length - before;
  var status = document.getElementById(list.id + "-status");
  if (status) {
    status.textContent = added + " more loaded";
  }
  var first = list.children[before];
  if (first) {
    first.setAttribute("tabindex", "-1");
    first.setAttribute("data-loaded-first", "");
    first.focus();
  }
});
