// Revealed access secrets leave the page after the number of seconds the server put in
// data-hide-after-seconds (60): the values are removed from the DOM, not just hidden. The
// custom event "pawkeep:hide-secrets" runs the same removal at once (a person's browser never
// sends it; tests use it instead of waiting). The page is sent with Cache-Control: no-store.
(function () {
  var revealed = document.getElementById("revealed-secrets");
  if (!revealed) {
    return;
  }
  var seconds = parseInt(revealed.getAttribute("data-hide-after-seconds"), 10);
  var timer;
  function hide() {
    clearTimeout(timer);
    var shown = document.getElementById("revealed-secrets");
    if (shown) {
      shown.remove();
    }
    var status = document.getElementById("secrets-hidden");
    if (status) {
      status.textContent = "The secrets are hidden again. Reveal them again if you still need them.";
    }
  }
  timer = setTimeout(hide, (seconds > 0 ? seconds : 60) * 1000);
  document.addEventListener("pawkeep:hide-secrets", hide);
})();
