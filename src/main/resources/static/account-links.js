// Pages behind the links Pawkeep mails. The token leaves the address bar at once, and the
// page never sends it anywhere but Pawkeep's own API (Referrer-Policy is no-referrer).
(function () {
  const token = new URLSearchParams(location.search).get("token") || "";
  history.replaceState(null, "", location.pathname);
  const result = document.getElementById("result");

  async function post(path, body, success) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.ok) {
      result.textContent = success;
      return true;
    }
    const problem = await response.json().catch(() => ({}));
    const reasons = (problem.violations || []).join(" ");
    result.textContent = (problem.detail || "Something went wrong.") + " " + reasons;
    return false;
  }

  const verify = document.getElementById("verify-email");
  if (verify) {
    verify.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (await post("/api/v1/auth/verify-email", { token }, "Your email is confirmed. You can sign in now.")) {
        verify.hidden = true;
      }
    });
  }

  const reset = document.getElementById("reset-password");
  if (reset) {
    reset.addEventListener("submit", async (event) => {
      event.preventDefault();
      const newPassword = document.getElementById("password").value;
      if (await post("/api/v1/auth/password-reset/confirm", { token, newPassword },
          "Your password is changed and every device was signed out. Sign in again.")) {
        reset.hidden = true;
      }
    });
  }
})();
