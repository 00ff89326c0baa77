// The public forms (event registration, brand requests: form.register-form): one click sends once (the server
// also deduplicates by submission key), and after a failed submit the error summary gets focus so screen
// readers announce it.
// A form on a cached page (data-form-key) has no CSRF token nor submission key of its own: they are fetched
// for this visitor just before sending; if that fails the server asks to confirm once more instead.
document.addEventListener("DOMContentLoaded", () => {
  const errors = document.getElementById("form-errors");
  if (errors) errors.focus();
  document.querySelectorAll("form.register-form").forEach((form) => {
    let keyed = !form.dataset.formKey;
    let pending = null;
    const fetchKey = () => {
      pending = pending || fetch(form.dataset.formKey, { credentials: "same-origin", cache: "no-store" })
        .then((answer) => (answer.ok ? answer.json() : null))
        .then((data) => {
          if (!data) return;
          let token = form.querySelector("input[name=csrfmiddlewaretoken]");
          if (!token) {
            token = Object.assign(document.createElement("input"), { type: "hidden", name: "csrfmiddlewaretoken" });
            form.prepend(token);
          }
          token.value = data.csrf;
          const key = form.querySelector("input[name=submission_key]");
          if (key && !key.value) key.value = data.key;
        })
        .catch(() => {});
      return pending;
    };
    if (!keyed) form.addEventListener("focusin", fetchKey, { once: true });
    form.addEventListener("submit", (event) => {
      const button = form.querySelector("[data-once]");
      if (button) {
        setTimeout(() => { button.disabled = true; button.textContent = "提交中…"; }, 0);
      }
      if (keyed) return;
      event.preventDefault();
      fetchKey().then(() => { keyed = true; form.submit(); });
    });
  });
});
