// Search suggestions while typing: progressive enhancement of the search box in the page header.
(function () {
  "use strict";
  var input = document.querySelector("[data-suggest]");
  var list = document.getElementById("zoeksuggesties");
  if (!input || !list || !window.fetch) return;
  var timer = null, active = -1, last = "";

  function close() {
    list.hidden = true;
    list.textContent = "";
    input.setAttribute("aria-expanded", "false");
    active = -1;
  }

  function show(items) {
    list.textContent = "";
    items.forEach(function (s, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "none"); // the options belong to the listbox, the list item is only layout
      var a = document.createElement("a");
      a.href = s.url;
      a.id = "suggestie-" + i;
      a.setAttribute("role", "option");
      a.textContent = s.title;
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }

  function fetchSuggestions() {
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    if (q === last) return;
    last = q;
    fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q))
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) { if (input.value.trim() === q) show(data.suggestions || []); })
      .catch(close);
  }

  function move(step) {
    var options = list.querySelectorAll("a");
    if (!options.length) return;
    if (active >= 0) options[active].removeAttribute("aria-selected");
    active = (active + step + options.length) % options.length;
    options[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[active].id);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
    else if (e.key === "Escape") { e.preventDefault(); close(); } // keep the text: a search field clears on Escape
    else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      window.location.href = list.querySelectorAll("a")[active].href;
    }
  });
  document.addEventListener("click", function (e) {
    if (e.target !== input && !list.contains(e.target)) close();
  });
})();
