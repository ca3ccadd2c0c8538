// Upload forms of the document pages (FILE-1): a file larger than the limit is refused here,
// beside its field, before hours of uploading on a slow line end in a refusal. The server checks
// the size again whatever the browser does; without JavaScript it says the same after the upload.
(function () {
  function refuse(input, message) {
    var id = input.id + "-error";
    var error = document.getElementById(id);
    if (!error) {
      error = document.createElement("p");
      error.id = id;
      error.className = "field-error";
      input.parentNode.appendChild(error);
    }
    error.textContent = message;
    input.setAttribute("aria-invalid", "true");
    var described = (input.getAttribute("aria-describedby") || "").split(" ");
    if (described.indexOf(id) < 0) {
      described.unshift(id);
      input.setAttribute("aria-describedby", described.join(" ").trim());
    }
    input.focus();
  }

  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var max = Number(input.getAttribute("data-max-bytes"));
    input.form.addEventListener("submit", function (event) {
      var file = input.files && input.files[0];
      if (file && max > 0 && file.size > max) {
        event.preventDefault();
        refuse(input, input.getAttribute("data-too-large"));
      }
    });
  });
})();
