// The agent's chat console: the queue, several chats at once, the resident typing, knowledge-base answers.
// After a dropped connection it reconnects and asks per chat for the messages after the last one it saw.
(function () {
  "use strict";
  var root = document.getElementById("chat-console");
  if (!root || !window.WebSocket) return;
  var $ = function (id) { return document.getElementById(id); };
  var conn = $("chat-verbinding"), queueList = $("wachtrij"), panels = $("chats"), tpl = $("chat-panel-sjabloon");
  var ws = null, retry = 0, chats = {}, nextID = 1;

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
      case "queue": showQueue(f.queue || []); break;
      case "chats": (f.chats || []).forEach(function (c) { panelFor(c); }); break;
      case "message": {
        var c = chats[f.chat] || panelFor({chat: f.chat, reference: "", name: ""});
        if (f.line.seq <= c.lastSeq || c.log.querySelector('[data-seq="' + f.line.seq + '"]')) return;
        addLine(c, f.line); // in order of the number: live messages and a catch-up can cross
        while (c.log.querySelector('[data-seq="' + (c.lastSeq + 1) + '"]')) c.lastSeq++;
        c.typing.textContent = "";
        break;
      }
      case "typing": {
        var t = chats[f.chat];
        if (!t) return;
        t.typing.textContent = "De inwoner typt: " + (f.text || "…");
        clearTimeout(t.timer);
        t.timer = setTimeout(function () { t.typing.textContent = ""; }, 4000);
        break;
      }
      case "suggestions": showSuggestions(chats[f.chat], f.items || []); break;
      case "state":
        if (f.state === "ended" && chats[f.chat]) {
          chats[f.chat].el.classList.add("chat-panel--ended");
          chats[f.chat].form.hidden = true;
        }
        break;
      case "error": conn.textContent = f.message; break;
    }
  }

  function showQueue(items) {
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
    var state = {el: el, lastSeq: 0, log: el.querySelector(".chat-log"), typing: el.querySelector(".chat-typing"),
      form: el.querySelector(".chat-panel__send"), suggestions: el.querySelector(".chat-suggestions"), text: text, suggestion: ""};
    state.form.addEventListener("submit", function (e) {
      e.preventDefault();
      var t = text.value.trim();
      if (!t) return;
      send({type: "message", chat: c.chat, id: "a" + Date.now() + "-" + (nextID++), text: t, suggestion: state.suggestion});
      text.value = ""; state.suggestion = "";
    });
    text.addEventListener("input", function () {
      if (Date.now() - (state.typedAt || 0) < 1000) return; // at most once a second
      state.typedAt = Date.now();
      send({type: "typing", chat: c.chat});
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
    li.textContent = (l.kind === "in" ? "Inwoner: " : l.kind === "auto" ? "" : (l.author || "U") + ": ") + l.text;
    var next = [].find.call(c.log.querySelectorAll("li[data-seq]"), function (x) { return Number(x.dataset.seq) > l.seq; });
    c.log.insertBefore(li, next || null);
    c.log.scrollTop = c.log.scrollHeight;
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
