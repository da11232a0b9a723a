// Contact form: while the resident types the question, show the three best answers ("Misschien helpt dit
// u al"). Counted without personal data, through insight: that the form was started, and that it was left
// unsent after a suggested answer was opened (deflection, with the article so it counts for its task).
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest]");
  if (!form) { return; }
  var question = form.querySelector("#vraag");
  var subject = form.querySelector("#onderwerp");
  var startedField = form.querySelector("#gestart");
  var box = document.getElementById("misschien");
  var list = document.getElementById("misschien-lijst");
  var started = startedField && startedField.value === "1";
  var opened = "";
  var sent = false;
  var timer = null;
  var last = "";

  function record(kind, article) {
    var data = new URLSearchParams();
    data.append("soort", kind);
    if (article) { data.append("artikel", article); }
    if (navigator.sendBeacon && navigator.sendBeacon(form.dataset.event, data)) { return; }
    fetch(form.dataset.event, { method: "POST", body: data, keepalive: true }).catch(function () {});
  }

  function show(suggestions) {
    list.textContent = "";
    suggestions.forEach(function (s) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.className = "utrecht-link";
      a.href = s.url;
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = s.title;
      a.addEventListener("click", function () { opened = s.id; });
      var p = document.createElement("p");
      p.className = "contact-suggest__summary";
      p.textContent = s.summary;
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
    box.hidden = suggestions.length === 0;
  }

  function lookup() {
    var text = (subject.value + " " + question.value).trim();
    if (text.length < 12 || text === last) { return; }
    last = text;
    fetch(form.dataset.suggest + "?tekst=" + encodeURIComponent(text.slice(0, 2000)))
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (body) { show(body.suggestions || []); })
      .catch(function () { /* suggestions are a help; the form works without them */ });
  }

  function typed() {
    if (!started) {
      started = true;
      if (startedField) { startedField.value = "1"; }
      record("form_started");
    }
    clearTimeout(timer);
    timer = setTimeout(lookup, 400);
  }
  question.addEventListener("input", typed);
  subject.addEventListener("input", typed);
  form.addEventListener("submit", function () { sent = true; });
  // Leaving the page after opening a suggestion, without sending: the suggestion answered the question.
  window.addEventListener("pagehide", function () {
    if (opened && !sent) { record("form_deflected", opened); opened = ""; }
  });
})();
