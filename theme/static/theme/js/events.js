// Registration form: one click sends once (the server also deduplicates by submission key),
// and after a failed submit the error summary gets focus so screen readers announce it.
document.addEventListener("DOMContentLoaded", () => {
  const errors = document.getElementById("form-errors");
  if (errors) errors.focus();
  document.querySelectorAll("form.register-form").forEach((form) => {
    form.addEventListener("submit", () => {
      const button = form.querySelector("[data-once]");
      if (button) {
        setTimeout(() => { button.disabled = true; button.textContent = "提交中…"; }, 0);
      }
    });
  });
});
