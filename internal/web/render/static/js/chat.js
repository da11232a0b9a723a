// Live chat widget on every public page: offers matching answers while the resident types, says when the
// chat is closed, shows the place in the queue, and reconnects after a dropped connection asking for every
// message after the last sequence number it saw, so nothing is lost.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || !window.WebSocket || !window.fetch) return;
  var $ = function (id) { return document.getElementById(id); };
  var openBtn = $("chat-open"), panel = $("chat-panel"), status = $("chat-status");
  var startForm = $("chat-start-form"), conv = $("chat-conversation"), log = $("chat-log");
  var closedBox = $("chat-closed"), typing = $("chat-typing");
  var store = window.sessionStorage;
  var token = store.getItem("loket-chat-token"), lastSeq = Number(store.getItem("loket-chat-seq") || 0);
  var ws = null, retry = 0, pending = {}, nextID = 1, ended = false, typingTimer = null, suggestTimer = null;

  openBtn.addEventListener("click", function (e) {
    e.preventDefault();
    panel.hidden = false;
    openBtn.setAttribute("aria-expanded", "true");
    if (token) { showConversation(); connect(); } else { checkStatus(); }
    var first = panel.querySelector("textarea:not([hidden]), input:not([type=hidden])");
    if (first) first.focus();
  });
  $("chat-close").addEventListener("click", function () {
    panel.hidden = true;
    openBtn.setAttribute("aria-expanded", "false");
    openBtn.focus();
  });

  function say(text) { status.textContent = text; }

  function checkStatus() {
    fetch(root.dataset.status).then(function (r) { return r.json(); }).then(function (s) {
      if (!s.open) { showClosed(s.message); return; }
      startForm.hidden = false;
      say(s.waiting > 0 ? "Er wachten nu " + s.waiting + " mensen. Stel uw vraag, dan helpen we u zo snel mogelijk." : "Stel uw vraag. Een medewerker helpt u.");
    }).catch(function () { showClosed("De chat is nu niet bereikbaar. Stel uw vraag via het contactformulier."); });
  }

  function showClosed(msg) {
    startForm.hidden = true; conv.hidden = true; closedBox.hidden = false;
    $("chat-closed-text").textContent = msg;
    say(msg);
  }

  // Matching answers while typing the question.
  $("chat-question").addEventListener("input", function () {
    clearTimeout(suggestTimer);
    var text = this.value;
    suggestTimer = setTimeout(function () { suggest(text); }, 400);
  });
  function suggest(text) {
    var list = $("chat-suggestions");
    if (text.trim().length < 8) { list.replaceChildren(); return; }
    fetch(root.dataset.suggest + "?tekst=" + encodeURIComponent(text)).then(function (r) { return r.json(); }).then(function (d) {
      list.replaceChildren();
      (d.suggestions || []).forEach(function (s) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = s.url; a.className = "utrecht-link"; a.textContent = s.title;
        li.appendChild(a); list.appendChild(li);
      });
      $("chat-suggestions-title").hidden = list.children.length === 0;
    }).catch(function () {});
  }

  startForm.addEventListener("submit", function (e) {
    e.preventDefault();
    setFieldError("chat-question", "");
    setFieldError("chat-email-start", "");
    var body = {question: $("chat-question").value, name: $("chat-name").value, email: $("chat-email-start").value, website: $("chat-website").value};
    fetch(root.dataset.start, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)})
      .then(function (r) { return r.json().then(function (d) { return {status: r.status, data: d}; }); })
      .then(function (res) {
        if (res.status === 201) {
          token = res.data.token; lastSeq = 0;
          store.setItem("loket-chat-token", token); store.setItem("loket-chat-seq", "0");
          showConversation(); connect();
          return;
        }
        if (res.status === 422 && res.data.fields) {
          setFieldError("chat-question", res.data.fields.question || "");
          setFieldError("chat-email-start", res.data.fields.email || "");
          return;
        }
        if (res.status === 409) { showClosed(res.data.error); return; }
        say(res.data.error || "Er ging iets mis. Probeer het nog eens.");
      }).catch(function () { say("Er ging iets mis. Probeer het nog eens."); });
  });

  function setFieldError(id, msg) {
    var input = $(id), err = $(id + "-fout");
    err.textContent = msg; err.hidden = !msg;
    if (msg) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", id + "-fout"); input.focus(); }
    else { input.removeAttribute("aria-invalid"); input.removeAttribute("aria-describedby"); }
  }

  function showConversation() { startForm.hidden = true; closedBox.hidden = true; conv.hidden = false; }

  function connect() {
    if (ws || !token || ended) return;
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(proto + location.host + root.dataset.socket);
    root.dataset.connected = "false";
    ws.onopen = function () {
      retry = 0;
      ws.send(JSON.stringify({type: "hello", token: token, after: lastSeq}));
      root.dataset.connected = "true";
      // Messages not acknowledged before the drop are sent again; the server numbers each one once.
      Object.keys(pending).forEach(function (id) { ws.send(JSON.stringify({type: "message", id: id, text: pending[id]})); });
    };
    ws.onmessage = function (ev) { handle(JSON.parse(ev.data)); };
    ws.onclose = function () {
      ws = null; root.dataset.connected = "false";
      if (ended) return;
      say("De verbinding is even weg. We verbinden opnieuw…");
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 300 * retry);
    };
  }

  function handle(f) {
    switch (f.type) {
      case "message":
        // Live messages and the catch-up after a reconnect can cross: show each number once, in order,
        // and remember the highest number up to which nothing is missing.
        if (f.line.seq <= lastSeq || log.querySelector('[data-seq="' + f.line.seq + '"]')) return;
        addLine(f.line);
        while (log.querySelector('[data-seq="' + (lastSeq + 1) + '"]')) lastSeq++;
        store.setItem("loket-chat-seq", String(lastSeq));
        typing.textContent = "";
        break;
      case "ack":
        delete pending[f.id];
        var mine = log.querySelector('[data-pending="' + f.id + '"]');
        if (mine) mine.remove(); // the committed copy arrives as a message with its number
        break;
      case "state":
        if (f.state === "waiting") say(f.position ? "U bent nummer " + f.position + " in de wachtrij." : "U staat in de wachtrij.");
        if (f.state === "active") say((f.agent || "Een medewerker") + " helpt u nu.");
        if (f.state === "ended") endChat();
        break;
      case "queue":
        say("U bent nummer " + f.position + " in de wachtrij.");
        break;
      case "typing":
        typing.textContent = "De medewerker typt…";
        clearTimeout(typingTimer);
        typingTimer = setTimeout(function () { typing.textContent = ""; }, 4000);
        break;
      case "transcript":
        $("chat-transcript-status").textContent = f.message;
        break;
      case "error":
        say(f.message);
        break;
    }
  }

  function addLine(l) {
    var li = document.createElement("li");
    li.className = "chat-line chat-line--" + l.kind;
    li.dataset.seq = l.seq;
    var who = document.createElement("span");
    who.className = "chat-line__who";
    who.textContent = l.kind === "in" ? "U: " : (l.kind === "auto" ? "" : (l.author || "Medewerker") + ": ");
    li.appendChild(who);
    li.appendChild(document.createTextNode(l.text));
    var next = [].find.call(log.querySelectorAll("li[data-seq]"), function (x) { return Number(x.dataset.seq) > l.seq; });
    log.insertBefore(li, next || null);
    log.scrollTop = log.scrollHeight;
  }

  $("chat-send-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var input = $("chat-text"), text = input.value.trim();
    if (!text) return;
    var id = "m" + Date.now() + "-" + (nextID++);
    pending[id] = text;
    var li = document.createElement("li");
    li.className = "chat-line chat-line--in chat-line--pending"; li.dataset.pending = id;
    li.textContent = "U: " + text + " (wordt verstuurd)";
    log.appendChild(li);
    input.value = "";
    if (ws && ws.readyState === 1) ws.send(JSON.stringify({type: "message", id: id, text: text}));
  });
  var lastTyping = 0;
  $("chat-text").addEventListener("input", function () {
    if (Date.now() - lastTyping < 1000) return; // a typing notice at most once a second
    lastTyping = Date.now();
    if (ws && ws.readyState === 1) ws.send(JSON.stringify({type: "typing", text: this.value.slice(0, 200)}));
  });
  $("chat-transcript-form").addEventListener("submit", function (e) {
    e.preventDefault();
    if (ws && ws.readyState === 1) ws.send(JSON.stringify({type: "transcript", email: $("chat-email").value.trim()}));
  });
  $("chat-end").addEventListener("click", function () {
    if (ws && ws.readyState === 1) ws.send(JSON.stringify({type: "end"}));
  });

  function endChat() {
    ended = true;
    say("De chat is beëindigd. U kunt het verslag nog per e-mail laten sturen.");
    $("chat-send-form").hidden = true; $("chat-end").hidden = true;
    store.removeItem("loket-chat-token"); store.removeItem("loket-chat-seq");
  }
})();
