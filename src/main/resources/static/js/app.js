// Sends the page's CSRF token with every htmx request (the layout puts it in a meta tag; the
// cookie holding its pair is HttpOnly). No inline scripts: the content security policy forbids them.
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector('meta[name="csrf-token"]');
  var header = document.querySelector('meta[name="csrf-header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});
