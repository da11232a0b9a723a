// The agent's chat console: the queue, several chats at once, that the resident types (never what),
// knowledge-base answers. After a dropped connection it reconnects and asks per chat for the messages
// after the last one it saw. The queue comes whole once, then as changes; new chats and messages are
// announced (chat-alert.js).
(function () {
  "use strict";
  var root = document.getElementById("chat-console");
  if (!root || !window.WebSocket) return;
  var $ = function (id) { return document.getElementById(id); };
  var conn = $("chat-verbinding"), queueList = $("wachtrij"), panels = $("chats"), tpl = $("chat-panel-sjabloon");
  var noAlert = {setWaiting: function () {}, newChat: function () {}, newMessage: function () {}};
  var alerts = function () { return window.loketChatAlert || noAlert; }; // chat-alert.js comes with the layout, later
  var ws = null, retry = 0, chats = {}, nextID = 1, queue = [];

  function connect() {
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(proto + location.host + root.dataset.socket);
    ws.onopen = function () {
      retry = 0;
      var after = {};
      Object.keys(chats).forEach(function (id) { after[id] = chats[id].lastSeq; });
      ws.send(JSON.stringify({type: "hello", after_chats: after}));
      conn.textContent = "Verbonden. U bent beschikbaar voor de chat.";
      root.dataset.connected = "true";
    };
    ws.onmessage = function (ev) { handle(JSON.parse(ev.data)); };
    ws.onclose = function () {
      ws = null; root.dataset.connected = "false";
      conn.textContent = "De verbinding is even weg. We verbinden opnieuw…";
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 300 * retry);
    };
  }
  function send(f) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(f)); }

  function handle(f) {
    switch (f.type) {
      case "queue": queue = f.queue || []; showQueue(); break;
      case "queue-add":
        (f.queue || []).forEach(function (q) {
          if (queue.some(function (x) { return x.chat === q.chat; })) return;
          queue.splice(Math.max(0, Math.min((f.position || queue.length + 1) - 1, queue.length)), 0, q);
          alerts().newChat(q);
        });
        showQueue();
        break;
      case "queue-remove":
        queue = queue.filter(function (x) { return x.chat !== f.chat; });
        showQueue();
        break;
      case "chats": (f.chats || []).forEach(function (c) { panelFor(c); }); break;
      case "message": {
        var c = chats[f.chat] || panelFor({chat: f.chat, reference: "", name: ""});
        if (f.line.seq <= c.lastSeq || c.log.querySelector('[data-seq="' + f.line.seq + '"]')) return;
        var live = Date.now() - Date.parse(f.line.at) < 15000; // not the history of a chat just opened
        addLine(c, f.line); // in order of the number: live messages and a catch-up can cross
        while (c.log.querySelector('[data-seq="' + (c.lastSeq + 1) + '"]')) c.lastSeq++;
        if (f.line.kind === "in") { c.typing.textContent = ""; if (live) alerts().newMessage(f.chat, f.line); }
        break;
      }
      case "typing": {
        var t = chats[f.chat];
        if (!t) return;
        t.typing.textContent = "De inwoner typt…";
        clearTimeout(t.timer);
        t.timer = setTimeout(function () { t.typing.textContent = ""; }, 4000);
        break;
      }
      case "suggestions": showSuggestions(chats[f.chat], f.items || []); break;
      case "state":
        if ((f.state === "ended" || f.state === "waiting") && chats[f.chat]) {
          var p = chats[f.chat];
          p.el.classList.add("chat-panel--ended");
          p.form.hidden = true;
          p.notice.textContent = f.state === "ended" ? "Deze chat is beëindigd." :
            "Deze chat staat weer in de wachtrij, omdat u niet bereikbaar was. Neem hem opnieuw aan als u verder wilt.";
          p.notice.hidden = false;
          delete chats[f.chat]; // taken again, it opens a fresh panel
          p.el.dataset.closed = "true";
        }
        break;
      case "error": conn.textContent = f.message; break;
    }
  }

  function showQueue() {
    var items = queue;
    alerts().setWaiting(items.length);
    queueList.replaceChildren();
    $("wachtrij-leeg").hidden = items.length > 0;
    items.forEach(function (q, i) {
      var li = document.createElement("li"), b = document.createElement("button");
      li.textContent = (i + 1) + ". " + (q.name || "Inwoner") + " (" + q.reference + ") ";
      b.type = "button"; b.className = "utrecht-button utrecht-button--primary-action chat-accept";
      b.textContent = "Aannemen"; b.dataset.chat = q.chat;
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden"; hidden.textContent = ": " + (q.name || "inwoner") + " " + q.reference;
      b.appendChild(hidden);
      b.addEventListener("click", function () { send({type: "accept", chat: q.chat}); });
      li.appendChild(b); queueList.appendChild(li);
    });
  }

  function panelFor(c) {
    if (chats[c.chat]) return chats[c.chat];
    var el = tpl.content.firstElementChild.cloneNode(true), id = "chat-" + c.chat;
    el.id = id;
    var title = el.querySelector(".chat-panel__title");
    title.id = id + "-kop"; title.textContent = "Chat " + (c.reference || c.chat) + (c.name ? " met " + c.name : "");
    el.setAttribute("aria-labelledby", id + "-kop");
    el.querySelector(".chat-panel__conversation").href = "/beheer/gesprekken/" + c.chat;
    var text = el.querySelector(".chat-panel__text"), label = el.querySelector(".chat-panel__label");
    text.id = id + "-tekst"; label.htmlFor = text.id;
    el.querySelectorAll("[data-id]").forEach(function (input) {
      input.id = id + "-" + input.dataset.id;
      el.querySelector('[data-for="' + input.dataset.id + '"]').htmlFor = input.id;
    });
    el.querySelector(".chat-panel__callback-form").action = "/beheer/chat/" + c.chat + "/terugbellen";
    var old = document.getElementById(id);
    if (old) old.remove(); // a closed panel of the same chat, taken again
    var state = {chat: c.chat, el: el, lastSeq: 0, log: el.querySelector(".chat-log"), typing: el.querySelector(".chat-typing"),
      notice: el.querySelector(".chat-panel__notice"),
      form: el.querySelector(".chat-panel__send"), suggestions: el.querySelector(".chat-suggestions"), text: text, suggestion: ""};
    function sendText() {
      var t = text.value.trim();
      if (!t) return;
      send({type: "message", chat: c.chat, id: "a" + Date.now() + "-" + (nextID++), text: t, suggestion: state.suggestion});
      text.value = ""; state.suggestion = "";
    }
    state.form.addEventListener("submit", function (e) { e.preventDefault(); sendText(); });
    // Enter sends, Shift+Enter starts a new line (not while an input method composes a word).
    text.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); sendText(); }
    });
    text.addEventListener("keypress", function (e) { if (e.key === "Enter" && !e.shiftKey) e.preventDefault(); });
    text.addEventListener("input", function () {
      if (Date.now() - (state.typedAt || 0) < 1000) return; // at most once a second
      state.typedAt = Date.now();
      send({type: "typing", chat: c.chat});
    });
    var fileInput = el.querySelector(".chat-panel__file input");
    fileInput.addEventListener("change", function () {
      var file = fileInput.files[0];
      if (!file) return;
      var body = new FormData();
      body.append("id", "af" + Date.now() + "-" + (nextID++)); body.append("bestand", file);
      fetch("/beheer/chat/" + c.chat + "/bestand", {method: "POST", body: body})
        .then(function (r) { return r.json().then(function (d) { return {status: r.status, data: d}; }); })
        .then(function (res) {
          fileInput.value = "";
          if (res.status === 201) { state.notice.hidden = true; return; }
          state.notice.textContent = (res.data.fields && res.data.fields.bestand) || res.data.error || "Het bestand is niet verstuurd.";
          state.notice.hidden = false;
        }).catch(function () { state.notice.textContent = "Het bestand is niet verstuurd. Probeer het nog eens."; state.notice.hidden = false; });
    });
    el.querySelector(".chat-panel__suggest").addEventListener("click", function () { send({type: "suggest", chat: c.chat}); });
    el.querySelector(".chat-panel__end").addEventListener("click", function () { send({type: "end", chat: c.chat}); });
    chats[c.chat] = state;
    panels.appendChild(el);
    $("chats-leeg").hidden = true;
    return state;
  }

  function addLine(c, l) {
    var li = document.createElement("li");
    li.className = "chat-line chat-line--" + l.kind;
    li.dataset.seq = l.seq;
    li.textContent = l.kind === "in" ? "Inwoner: " : l.kind === "auto" ? "" : (l.author || "U") + ": ";
    appendLinked(li, l.text);
    if (l.file) { // a photo or PDF the resident sent: opened from the conversation's attachments
      var a = document.createElement("a");
      a.className = "utrecht-link chat-line__file"; a.target = "_blank"; a.rel = "noopener";
      a.href = "/beheer/gesprekken/" + c.chat + "/bijlagen/" + l.file.id;
      a.textContent = "Openen (" + Math.max(1, Math.round(l.file.size / 1024)) + " kB)";
      li.appendChild(document.createTextNode(" "));
      li.appendChild(a);
    }
    var next = [].find.call(c.log.querySelectorAll("li[data-seq]"), function (x) { return Number(x.dataset.seq) > l.seq; });
    c.log.insertBefore(li, next || null);
    c.log.scrollTop = c.log.scrollHeight;
  }

  // appendLinked adds text to el with web addresses as links that open in a new tab: only http and https,
  // built as elements with textContent, so nothing a resident wrote becomes markup.
  function appendLinked(el, text) {
    var re = /https?:\/\/[^\s<>"]+/g, at = 0, m;
    while ((m = re.exec(text)) !== null) {
      var url = m[0].replace(/[.,;:!?)\]]+$/, ""), href = null;
      try { var u = new URL(url); if (u.protocol === "http:" || u.protocol === "https:") href = u.href; } catch (e) { href = null; }
      if (!href) continue;
      el.appendChild(document.createTextNode(text.slice(at, m.index)));
      var a = document.createElement("a");
      a.className = "utrecht-link"; a.href = href; a.textContent = url; a.target = "_blank"; a.rel = "noopener noreferrer";
      el.appendChild(a);
      at = m.index + url.length;
    }
    el.appendChild(document.createTextNode(text.slice(at)));
  }

  function showSuggestions(c, items) {
    if (!c) return;
    c.suggestions.replaceChildren();
    if (items.length === 0) {
      var none = document.createElement("li"); none.textContent = "Geen passend antwoord gevonden.";
      c.suggestions.appendChild(none); return;
    }
    items.forEach(function (s) {
      var li = document.createElement("li"), b = document.createElement("button");
      b.type = "button"; b.className = "utrecht-button utrecht-button--subtle";
      b.textContent = "Gebruik: " + s.title;
      b.addEventListener("click", function () { c.text.value = s.text; c.suggestion = s.id; c.text.focus(); });
      li.appendChild(b); c.suggestions.appendChild(li);
    });
  }

  connect();
})();
