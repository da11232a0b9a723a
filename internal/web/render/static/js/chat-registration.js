// Registration of a phone call or counter visit: find the person while talking, and pick the topic from a
// knowledge-base search beside the form without leaving the page.
(function () {
  "use strict";
  var search = document.getElementById("persoon-zoek");
  if (!search || !window.fetch) return;
  var list = document.getElementById("personen"), hidden = document.getElementById("persoon"), timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    var q = search.value.trim();
    timer = setTimeout(function () {
      if (q.length < 2) { list.replaceChildren(); return; }
      fetch(search.dataset.search + "?q=" + encodeURIComponent(q)).then(function (r) { return r.json(); }).then(function (d) {
        list.replaceChildren();
        (d.people || []).forEach(function (p) {
          var li = document.createElement("li"), b = document.createElement("button");
          b.type = "button"; b.className = "utrecht-button utrecht-button--subtle";
          b.textContent = (p.name || "Naam onbekend") + (p.addresses.length ? " – " + p.addresses.join(", ") : "");
          b.addEventListener("click", function () {
            hidden.value = p.id;
            document.getElementById("naam").value = p.name;
            list.replaceChildren();
            var chosen = document.createElement("li");
            chosen.textContent = "Gekozen: " + b.textContent;
            list.appendChild(chosen);
          });
          li.appendChild(b); list.appendChild(li);
        });
        if (!list.children.length) { var li = document.createElement("li"); li.textContent = "Niemand gevonden. Vul de gegevens hieronder in."; list.appendChild(li); }
      }).catch(function () {});
    }, 300);
  });
  var results = document.getElementById("kb-resultaten");
  results.addEventListener("click", function (e) {
    var a = e.target.closest("a[data-topic]");
    if (!a) return;
    e.preventDefault();
    document.getElementById("artikel").value = a.dataset.topic;
    var subject = document.getElementById("onderwerp");
    if (!subject.value) subject.value = a.dataset.title;
  });
  document.getElementById("kb-zoek").addEventListener("submit", function (e) {
    e.preventDefault();
    var q = document.getElementById("zoek").value.trim();
    if (!q) return;
    fetch("/api/v1/search?limit=6&q=" + encodeURIComponent(q)).then(function (r) { return r.json(); }).then(function (d) {
      results.replaceChildren();
      (d.results || []).forEach(function (h) {
        var li = document.createElement("li"), strong = document.createElement("strong"), p = document.createElement("p"), a = document.createElement("a");
        strong.textContent = h.title; p.textContent = h.summary;
        a.href = "#"; a.className = "utrecht-link"; a.dataset.topic = h.id; a.dataset.title = h.title; a.textContent = "Kies als onderwerp: " + h.title;
        li.append(strong, p, a); results.appendChild(li);
      });
    }).catch(function () {});
  });
})();
