// Copy buttons (household invitation links): copies the text of the element named by
// data-copy-target with the Clipboard API. The link stays visible as text, so without JavaScript
// or clipboard access it can still be selected and copied by hand. No inline script (CSP).
(function () {
  function setUp(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById("copy-status");
    if (!target || !navigator.clipboard || !navigator.clipboard.writeText) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(
        function () {
          if (status) { status.textContent = "Copied."; }
        },
        function () {
          if (status) { status.textContent = "Could not copy: select the link and copy it."; }
        });
    });
  }
  document.querySelectorAll("button[data-copy-target]").forEach(setUp);
})();
