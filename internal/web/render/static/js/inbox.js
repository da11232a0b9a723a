// Conversation page: "Gebruik dit antwoord" inserts the suggested answer into the reply at the cursor and
// remembers which suggestion was used. Without JavaScript the same button reloads the page with the reply
// filled in.
(function () {
  "use strict";
  var reply = document.getElementById("tekst");
  var used = document.getElementById("suggestie");
  if (!reply || !used) { return; }
  document.querySelectorAll("a[data-suggestion]").forEach(function (button) {
    button.addEventListener("click", function (e) {
      e.preventDefault();
      var text = button.dataset.text;
      var start = reply.selectionStart || 0;
      var end = reply.selectionEnd || 0;
      var before = reply.value.slice(0, start);
      var after = reply.value.slice(end);
      if (before && !/\n$/.test(before)) { text = "\n\n" + text; }
      reply.value = before + text + after;
      used.value = button.dataset.suggestion;
      reply.focus();
      reply.selectionStart = reply.selectionEnd = before.length + text.length;
    });
  });
})();

// Conversation page: say every 10 seconds that this agent has the conversation open (and whether they are
// typing an answer), and show which colleagues have it open too: "Karin bekijkt dit gesprek".
(function () {
  "use strict";
  var box = document.getElementById("aanwezig");
  var reply = document.getElementById("tekst");
  if (!box || !box.dataset.url) { return; }
  var typedAt = 0;
  if (reply) { reply.addEventListener("input", function () { typedAt = Date.now(); }); }
  function show(viewers) {
    box.textContent = "";
    viewers.forEach(function (v) {
      var p = document.createElement("p");
      p.className = "utrecht-paragraph";
      p.textContent = v.name + (v.typing ? " typt een antwoord." : " bekijkt dit gesprek.");
      box.appendChild(p);
    });
    box.hidden = viewers.length === 0;
  }
  function tell() {
    var body = new URLSearchParams();
    if (Date.now() - typedAt < 8000) { body.set("typt", "1"); }
    fetch(box.dataset.url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d) { show(d.viewers); } })
      .catch(function () { /* the next tick tries again */ });
  }
  setInterval(tell, 10000);
  window.addEventListener("pagehide", function () {
    var body = new URLSearchParams();
    body.set("weg", "1");
    navigator.sendBeacon(box.dataset.url, body);
  });
})();
