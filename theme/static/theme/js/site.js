// Progressive enhancement only: the site works without JavaScript.
(function () {
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (!toggle || !nav) return;
  toggle.addEventListener("click", function () {
    var open = nav.classList.toggle("is-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();

// Filter selects that apply at once (the form still has a submit button for no-JS readers).
(function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });
})();

// The share panel's 复制链接 button (without JavaScript the address stays selectable in its field).
(function () {
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.closest(".share-panel").querySelector(".share-panel__status");
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      var done = function () { status.textContent = "链接已复制"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { status.textContent = "请长按或手动复制上面的链接"; });
      } else {
        try { document.execCommand("copy"); done(); } catch (e) { status.textContent = "请手动复制上面的链接"; }
      }
    });
  });
})();
