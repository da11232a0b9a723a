// Article editor: live Markdown preview, plain-language check while typing and the UPL picker.
// The page works without this file: the "Voorbeeld en taalcheck bijwerken" button does the same on the server.
(function () {
  "use strict";
  var body = document.getElementById("body");
  if (!body) return;

  function debounce(fn, ms) {
    var timer;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  // post sends the text as a form, so the same-origin check of the server applies as for any form.
  function post(url, text) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ tekst: text }),
      credentials: "same-origin"
    }).then(function (r) {
      if (!r.ok) throw new Error("status " + r.status);
      return r;
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function p(text) { return el("p", "utrecht-paragraph", text); }

  function list(heading, items, mark) {
    var frag = document.createDocumentFragment();
    if (!items.length) return frag;
    frag.appendChild(el("h3", "utrecht-heading-3", heading));
    var ul = el("ul", "utrecht-unordered-list");
    items.forEach(function (it) {
      var li = el("li");
      if (mark) li.appendChild(el("mark", "taal-ambtelijk", it.text));
      else li.appendChild(document.createTextNode("“" + it.text + "”"));
      li.appendChild(document.createTextNode(" — " + it.hint));
      ul.appendChild(li);
    });
    frag.appendChild(ul);
    return frag;
  }

  // showLanguage rebuilds the indicator with DOM methods; only "marked" is HTML, escaped by the server.
  function showLanguage(rep) {
    var box = document.getElementById("taalcheck");
    box.textContent = "";
    if (!rep.words) {
      box.appendChild(p("Schrijf de tekst; de taalcheck verschijnt hier."));
      return;
    }
    var score = p("");
    score.className += " taal-score " + (rep.ok ? "taal-score--ok" : "taal-score--moeilijk");
    score.appendChild(document.createTextNode("Leesbaarheid (Flesch-Douma): "));
    score.appendChild(el("strong", "", rep.score));
    score.appendChild(document.createTextNode(" · niveau "));
    score.appendChild(el("strong", "", rep.level));
    if (!rep.ok) score.appendChild(document.createTextNode(" · maak de tekst eenvoudiger"));
    box.appendChild(score);
    box.appendChild(p(rep.words + " woorden in " + rep.sentences + " zinnen. Doel: 60 of hoger (B1)."));
    box.appendChild(list("Lange zinnen", rep.long, false));
    box.appendChild(list("Ambtelijke woorden", rep.officialese, true));
    if (rep.long.length || rep.officialese.length) {
      var details = el("details", "taal-tekst");
      details.appendChild(el("summary", "", "Toon de tekst met markeringen"));
      var marked = el("div", "taal-gemarkeerd");
      marked.innerHTML = rep.marked;
      details.appendChild(marked);
      box.appendChild(details);
    }
  }

  var update = debounce(function () {
    var text = body.value;
    post(body.getAttribute("data-language"), text)
      .then(function (r) { return r.json(); })
      .then(showLanguage)
      .catch(function () {});
    post(body.getAttribute("data-preview"), text)
      .then(function (r) { return r.text(); })
      .then(function (html) { document.getElementById("voorbeeld").innerHTML = html; })
      .catch(function () {});
  }, 400);
  body.addEventListener("input", update);

  // With live updates the server round trip button is not needed.
  var button = document.querySelector(".editor__preview-button");
  if (button) button.hidden = true;

  // UPL picker: fill the datalist with names from the Uniforme Productnamenlijst while typing.
  var upl = document.getElementById("upl");
  var options = document.getElementById("upl-namen");
  if (upl && options) {
    upl.addEventListener("input", debounce(function () {
      var q = upl.value.trim();
      if (q.length < 2) return;
      fetch(upl.getAttribute("data-upl-search") + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          options.textContent = "";
          data.names.forEach(function (n) {
            var o = document.createElement("option");
            o.value = n;
            options.appendChild(o);
          });
        })
        .catch(function () {});
    }, 250));
  }
})();
