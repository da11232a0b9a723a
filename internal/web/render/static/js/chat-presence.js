// On every console page but the chat page: a small chat connection that keeps the agent available for
// the chat while moving through the console, and announces new chats and messages (chat-alert.js). The
// chat page has its own connection (chat-agent.js).
(function () {
  "use strict";
  var root = document.getElementById("chat-presence");
  if (!root || !window.WebSocket || !window.loketChatAlert || document.getElementById("chat-console")) return;
  var alert = window.loketChatAlert, queue = {}, failures = 0;

  function connect() {
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    var ws = new WebSocket(proto + location.host + root.dataset.socket), opened = false;
    ws.onopen = function () {
      opened = true; failures = 0;
      ws.send(JSON.stringify({type: "hello", mode: "notify"}));
      root.dataset.connected = "true";
    };
    ws.onmessage = function (ev) { handle(JSON.parse(ev.data)); };
    ws.onclose = function () {
      root.dataset.connected = "false";
      if (!opened && ++failures > 5) return; // the chat is switched off here
      setTimeout(connect, 300 * Math.min(failures + 1, 6));
    };
  }

  function handle(f) {
    switch (f.type) {
      case "queue":
        queue = {};
        (f.queue || []).forEach(function (q) { queue[q.chat] = true; });
        break;
      case "queue-add":
        (f.queue || []).forEach(function (q) { if (!queue[q.chat]) { queue[q.chat] = true; alert.newChat(q); } });
        break;
      case "queue-remove":
        delete queue[f.chat];
        break;
      case "message":
        if (f.line && f.line.kind === "in") alert.newMessage(f.chat, f.line);
        return;
      default:
        return;
    }
    alert.setWaiting(Object.keys(queue).length);
  }
  connect();
})();
