// Account forms: after a failed submit the error summary gets focus (screen readers announce it), and a
// submit button marked data-once sends once.
document.addEventListener("DOMContentLoaded", () => {
  const errors = document.getElementById("form-errors");
  if (errors) errors.focus();
  document.querySelectorAll("form.account-form").forEach((form) => {
    form.addEventListener("submit", () => {
      const button = form.querySelector("[data-once]");
      if (button) setTimeout(() => { button.disabled = true; button.textContent = "提交中…"; }, 0);
    });
  });
});
