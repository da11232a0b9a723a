// Live chat widget on every public page: offers matching answers while the resident types, says when the
// chat is closed or full, shows the place in the queue, and reconnects after a dropped connection asking
// for every message after the last sequence number it saw, so nothing is lost.
//
// The chat survives page changes: the token lives in sessionStorage, and every page connects at once and
// asks for the whole chat (after 0), so the history is back on the next page. While the panel is closed
// the open button counts the unread answers. Messages not yet acknowledged are kept too and sent again with
// the same id (the server stores each id once).
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || !window.WebSocket || !window.fetch) return;
  var $ = function (id) { return document.getElementById(id); };
  var openBtn = $("chat-open"), panel = $("chat-panel"), status = $("chat-status");
  var startForm = $("chat-start-form"), conv = $("chat-conversation"), log = $("chat-log");
  var closedBox = $("chat-closed"), typing = $("chat-typing"), badge = $("chat-unread");
  var store = window.sessionStorage;
  var K = {token: "loket-chat-token", read: "loket-chat-read", open: "loket-chat-open", pending: "loket-chat-pending"};
  var token = store.getItem(K.token);
  var read = Number(store.getItem(K.read) || 0); // the highest number the resident has seen with the panel open
  var pending = JSON.parse(store.getItem(K.pending) || "{}"); // id -> text, sent but not acknowledged
  var lastSeq = 0; // the highest number shown with nothing missing below it, on this page
  var ws = null, retry = 0, nextID = 1, ended = false, typingTimer = null, suggestTimer = null;

  function isOpen() { return !panel.hidden; }

  function openPanel(focus) {
    panel.hidden = false;
    openBtn.setAttribute("aria-expanded", "true");
    store.setItem(K.open, "1");
    if (token) { showConversation(); connect(); markRead(); } else { checkStatus(); }
    if (focus) {
      var first = panel.querySelector("#chat-conversation:not([hidden]) textarea, #chat-start-form:not([hidden]) textarea");
      if (first) first.focus();
    }
  }
  openBtn.addEventListener("click", function (e) { e.preventDefault(); openPanel(true); });
  $("chat-close").addEventListener("click", function () {
    panel.hidden = true;
    openBtn.setAttribute("aria-expanded", "false");
    store.removeItem(K.open);
    if (ended) forget(); // an ended chat is not shown again once closed
    openBtn.focus();
  });

  function say(text) { status.textContent = text; }

  function checkStatus() {
    fetch(root.dataset.status).then(function (r) { return r.json(); }).then(function (s) {
      if (!s.open) { showClosed(s.message); return; }
      startForm.hidden = false; closedBox.hidden = true;
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
          token = res.data.token; read = 0; pending = {};
          store.setItem(K.token, token); store.setItem(K.read, "0"); store.removeItem(K.pending);
          showConversation(); connect();
          $("chat-text").focus();
          return;
        }
        if (res.status === 422 && res.data.fields) {
          setFieldError("chat-question", res.data.fields.question || "");
          setFieldError("chat-email-start", res.data.fields.email || "");
          return;
        }
        if (res.status === 409 || res.status === 503) { showClosed(res.data.error); return; }
        say(res.data.error || "Er ging iets mis. Probeer het nog eens.");
      }).catch(function () { say("Er ging iets mis. Probeer het nog eens."); });
  });

  function setFieldError(id, msg) {
    var input = $(id), err = $(id + "-fout");
    if (input.dataset.help === undefined) input.dataset.help = input.getAttribute("aria-describedby") || "";
    var help = input.dataset.help;
    err.textContent = msg; err.hidden = !msg;
    if (msg) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", (help ? help + " " : "") + id + "-fout"); input.focus(); }
    else {
      input.removeAttribute("aria-invalid");
      if (help) input.setAttribute("aria-describedby", help); else input.removeAttribute("aria-describedby");
    }
  }

  function showConversation() { startForm.hidden = true; closedBox.hidden = true; conv.hidden = false; }

  function connect() {
    if (ws || !token) return;
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(proto + location.host + root.dataset.socket);
    root.dataset.connected = "false";
    ws.onopen = function () {
      retry = 0;
      ws.send(JSON.stringify({type: "hello", token: token, after: lastSeq}));
      root.dataset.connected = "true";
      // Messages not acknowledged before the drop (or the page change) are sent again; the server numbers
      // each id once.
      Object.keys(pending).forEach(function (id) {
        showPending(id, pending[id]);
        ws.send(JSON.stringify({type: "message", id: id, text: pending[id]}));
      });
    };
    ws.onmessage = function (ev) { handle(JSON.parse(ev.data)); };
    ws.onclose = function () {
      ws = null; root.dataset.connected = "false";
      if (ended || !token) return;
      say("De verbinding is even weg. We verbinden opnieuw…");
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 300 * retry);
    };
  }
  function send(f) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(f)); }

  function handle(f) {
    switch (f.type) {
      case "message":
        // Live messages and the catch-up after a reconnect can cross: show each number once, in order,
        // and remember the highest number up to which nothing is missing.
        if (f.line.seq <= lastSeq || log.querySelector('[data-seq="' + f.line.seq + '"]')) return;
        addLine(f.line);
        while (log.querySelector('[data-seq="' + (lastSeq + 1) + '"]')) lastSeq++;
        if (f.line.kind !== "in") typing.textContent = "";
        if (isOpen()) markRead(); else showUnread();
        break;
      case "ack":
        delete pending[f.id];
        savePending();
        var mine = log.querySelector('[data-pending="' + f.id + '"]');
        if (mine) mine.remove(); // the committed copy arrives as a message with its number
        break;
      case "state":
        if (f.state === "waiting") say(f.position ? "U bent nummer " + f.position + " in de wachtrij." : "U staat in de wachtrij.");
        if (f.state === "active") say((f.agent || "Een medewerker") + " helpt u nu.");
        if (f.state === "ended") endChat(f.transcript || "");
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
        showTranscript(f.transcript);
        $("chat-transcript-status").textContent = f.message;
        break;
      case "error":
        say(f.message);
        break;
    }
  }

  // Unread answers while the panel is closed: a count on the open button, kept across pages.
  function markRead() {
    read = Math.max(read, lastSeq);
    store.setItem(K.read, String(read));
    badge.hidden = true; badge.textContent = "";
  }
  function showUnread() {
    var n = [].filter.call(log.querySelectorAll("li[data-seq]"), function (li) {
      return Number(li.dataset.seq) > read && !li.classList.contains("chat-line--in");
    }).length;
    badge.hidden = n === 0;
    badge.textContent = n === 0 ? "" : n === 1 ? "1 nieuw bericht" : n + " nieuwe berichten";
  }

  function addLine(l) {
    var li = document.createElement("li");
    li.className = "chat-line chat-line--" + l.kind;
    li.dataset.seq = l.seq;
    var who = document.createElement("span");
    who.className = "chat-line__who";
    who.textContent = l.kind === "in" ? "U: " : (l.kind === "auto" ? "" : (l.author || "Medewerker") + ": ");
    li.appendChild(who);
    appendLinked(li, l.text);
    if (l.file) li.appendChild(fileButton(l.file));
    var next = [].find.call(log.querySelectorAll("li[data-seq]"), function (x) { return Number(x.dataset.seq) > l.seq; });
    log.insertBefore(li, next || null);
    log.scrollTop = log.scrollHeight;
  }

  // fileButton opens a file of the chat: a POST with the token in the body (never in a URL), answered as a
  // download.
  function fileButton(file) {
    var b = document.createElement("button");
    b.type = "button"; b.className = "utrecht-button utrecht-button--subtle chat-line__file";
    b.textContent = "Openen";
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden"; hidden.textContent = ": " + file.name;
    b.appendChild(hidden);
    b.addEventListener("click", function () {
      if (!token) return;
      var form = document.createElement("form");
      form.method = "post"; form.action = root.dataset.file + "/ophalen"; form.hidden = true;
      [["token", token], ["bestand", String(file.id)]].forEach(function (kv) {
        var input = document.createElement("input");
        input.type = "hidden"; input.name = kv[0]; input.value = kv[1];
        form.appendChild(input);
      });
      document.body.appendChild(form);
      form.submit();
      form.remove();
    });
    return b;
  }

  // appendLinked adds text to el with web addresses as links: only http and https, built as elements with
  // textContent, never as HTML, so nothing a message contains can become markup or script.
  function appendLinked(el, text) {
    var re = /https?:\/\/[^\s<>"]+/g, at = 0, m;
    while ((m = re.exec(text)) !== null) {
      var url = m[0].replace(/[.,;:!?)\]]+$/, ""), href = null;
      try { var u = new URL(url); if (u.protocol === "http:" || u.protocol === "https:") href = u.href; } catch (e) { href = null; }
      if (!href) continue;
      el.appendChild(document.createTextNode(text.slice(at, m.index)));
      var a = document.createElement("a");
      a.className = "utrecht-link"; a.href = href; a.textContent = url;
      if (new URL(href).origin !== location.origin) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
      el.appendChild(a);
      at = m.index + url.length;
    }
    el.appendChild(document.createTextNode(text.slice(at)));
  }

  function showPending(id, text) {
    if (log.querySelector('[data-pending="' + id + '"]')) return;
    var li = document.createElement("li");
    li.className = "chat-line chat-line--in chat-line--pending"; li.dataset.pending = id;
    li.textContent = "U: " + text + " (wordt verstuurd)";
    log.appendChild(li);
  }
  function savePending() {
    if (Object.keys(pending).length) store.setItem(K.pending, JSON.stringify(pending)); else store.removeItem(K.pending);
  }

  function sendMessage() {
    var input = $("chat-text"), text = input.value.trim();
    if (!text || ended) return;
    var id = "m" + Date.now() + "-" + (nextID++);
    pending[id] = text;
    savePending();
    showPending(id, text);
    input.value = "";
    send({type: "message", id: id, text: text});
  }
  $("chat-send-form").addEventListener("submit", function (e) { e.preventDefault(); sendMessage(); });
  // Enter sends, Shift+Enter starts a new line (not while an input method composes a word).
  $("chat-text").addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); sendMessage(); }
  });
  // Some input paths still deliver the key's character after a cancelled keydown: no new line then either.
  $("chat-text").addEventListener("keypress", function (e) { if (e.key === "Enter" && !e.shiftKey) e.preventDefault(); });
  var lastTyping = 0;
  $("chat-text").addEventListener("input", function () {
    if (Date.now() - lastTyping < 1000) return; // a typing notice at most once a second, without the text
    lastTyping = Date.now();
    send({type: "typing"});
  });
  // A photo or PDF goes over HTTP (too big for a chat frame); the server checks it by its content and the
  // committed line arrives on the socket like any message.
  $("chat-file").addEventListener("change", function () {
    var input = this, file = input.files[0];
    if (!file || !token || ended) return;
    setFieldError("chat-file", "");
    if (file.size > 10 * 1024 * 1024) {
      setFieldError("chat-file", "Het bestand is groter dan 10 MB. Stuur een kleiner bestand.");
      input.value = "";
      return;
    }
    var body = new FormData();
    body.append("token", token); body.append("id", "f" + Date.now() + "-" + (nextID++)); body.append("bestand", file);
    say("Het bestand wordt verstuurd…");
    fetch(root.dataset.file, {method: "POST", body: body})
      .then(function (r) { return r.json().then(function (d) { return {status: r.status, data: d}; }); })
      .then(function (res) {
        input.value = "";
        if (res.status === 201) { say("Het bestand is verstuurd."); return; }
        setFieldError("chat-file", (res.data.fields && res.data.fields.bestand) || res.data.error || "Het bestand is niet verstuurd.");
      }).catch(function () { setFieldError("chat-file", "Het bestand is niet verstuurd. Probeer het nog eens."); });
  });
  $("chat-transcript").addEventListener("click", function () { send({type: "transcript"}); });
  $("chat-end").addEventListener("click", function () { send({type: "end"}); });
  $("chat-new").addEventListener("click", function () {
    forget();
    log.replaceChildren();
    $("chat-send-form").hidden = false; $("chat-end").hidden = false; $("chat-after").hidden = true;
    document.querySelector(".chat-widget__file").hidden = false;
    conv.hidden = true;
    checkStatus();
  });

  function showTranscript(t) {
    $("chat-transcript").hidden = t !== "available";
    $("chat-transcript-status").textContent = t === "sent" ? "Het verslag is naar uw e-mailadres gestuurd." :
      t === "" ? "U gaf bij het begin geen e-mailadres. Daarom kunnen we geen verslag sturen." : "";
  }

  function endChat(transcript) {
    ended = true;
    say("De chat is beëindigd.");
    typing.textContent = "";
    $("chat-send-form").hidden = true; $("chat-end").hidden = true; $("chat-after").hidden = false;
    document.querySelector(".chat-widget__file").hidden = true;
    showTranscript(transcript);
  }

  // forget drops the chat from this tab: after it ended and the resident closed it, or for a new chat.
  function forget() {
    if (ws) { var old = ws; ws = null; old.onclose = null; old.close(); }
    token = null; ended = false; lastSeq = 0; read = 0; pending = {};
    [K.token, K.read, K.pending].forEach(function (k) { store.removeItem(k); });
  }

  // A chat in progress comes back on every page: connect now (history and unread count), and reopen the
  // panel when it was open on the previous page.
  if (token) {
    showConversation();
    connect();
    if (store.getItem(K.open) === "1") openPanel(false);
  }
})();
