/* Site search: header autocomplete (ARIA combobox) and auto-submitting facet checkboxes. */
(function () {
  "use strict";

  function setupAutocomplete(input) {
    var url = input.getAttribute("data-autocomplete-url");
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!url || !list) return;
    var timer = null, active = -1, items = [], lastQuery = "", controller = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && options[index]) input.setAttribute("aria-activedescendant", options[index].id);
      else input.removeAttribute("aria-activedescendant");
    }

    function render(results) {
      items = results;
      list.innerHTML = "";
      results.forEach(function (result, i) {
        var li = document.createElement("li");
        li.id = input.id + "-option-" + i;
        li.className = "search-suggest__item";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var type = document.createElement("span");
        type.className = "search-suggest__type";
        type.textContent = result.type;
        var title = document.createElement("span");
        title.className = "search-suggest__title";
        title.textContent = result.title;
        li.appendChild(type);
        li.appendChild(title);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); window.location.href = result.url; });
        list.appendChild(li);
      });
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        active = -1;
      } else {
        close();
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (!query) { render([]); return; }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(query), controller ? { signal: controller.signal } : {})
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (input.value.trim() === query) render(data.results || []); })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0 && items[active]) { event.preventDefault(); window.location.href = items[active].url; }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll("input[data-autocomplete-url]").forEach(setupAutocomplete);

  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function () { form.submit(); });
  });
  // On narrow screens the filters start folded, so the results are the first thing a reader sees;
  // on wide screens they stay open beside the results (the summary is not clickable there).
  var wide = window.matchMedia("(min-width: 900px)");
  document.querySelectorAll("details[data-collapse-narrow]").forEach(function (panel) {
    if (!wide.matches) panel.open = false;
    wide.addEventListener("change", function (event) { if (event.matches) panel.open = true; });
  });
})();
