// Tells an agent about new chats and new messages on every console page: a count in the page title, a
// short tone and a desktop notification. The browser asks for permission once, when the agent clicks
// "Meldingen aanzetten"; without it the title and the tone still work.
window.loketChatAlert = (function () {
  "use strict";
  var baseTitle = document.title, waiting = 0, unread = 0, audio = null;

  function render() {
    var n = waiting + unread;
    document.title = n > 0 ? "(" + n + ") " + baseTitle : baseTitle;
    document.documentElement.dataset.chatWaiting = String(waiting);
    if (window.loketNav) window.loketNav.setCount("chat-waiting", waiting); // the navigation's counter
  }
  function away() { return document.hidden || !document.hasFocus(); }

  // The tone is made, not downloaded: a short beep through Web Audio (silent until the page had a click).
  function tone() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880; gain.gain.value = 0.08;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + 0.18);
    } catch (e) { /* no sound available */ }
  }
  function notify(title, body, tag) {
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    try {
      var n = new Notification(title, {body: body, tag: tag}); // one tag per chat: several tabs show one
      n.onclick = function () { window.focus(); if (location.pathname !== "/beheer/chat") location.href = "/beheer/chat"; n.close(); };
    } catch (e) { /* some browsers allow notifications only from a service worker */ }
  }

  // The permission button: shown while the browser has not asked yet.
  function offerPermission() {
    var btn = document.getElementById("chat-meldingen");
    if (!btn || !("Notification" in window) || Notification.permission !== "default") return;
    btn.hidden = false;
    btn.addEventListener("click", function () {
      Notification.requestPermission().finally(function () { btn.hidden = true; });
    });
  }
  document.addEventListener("visibilitychange", function () { if (!away()) { unread = 0; render(); } });
  window.addEventListener("focus", function () { unread = 0; render(); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", offerPermission); else offerPermission();

  return {
    // setWaiting shows how many chats wait in the queue.
    setWaiting: function (n) { waiting = n; render(); },
    // newChat announces a chat that joined the queue.
    newChat: function (item) {
      if (window.loketNav) window.loketNav.refresh(); // a chat is a new conversation in the inbox too
      tone();
      // Reference only: a notification can show on a locked screen, so no name and no message text.
      notify("Nieuwe chat", "Er wacht iemand in de chat (" + item.reference + ").", "loket-chat-" + item.chat);
    },
    // newMessage announces a resident's message in one of the agent's chats.
    newMessage: function (chat, line) {
      if (away()) { unread++; render(); }
      tone();
      if (away()) notify("Nieuw chatbericht", "Een inwoner heeft u een bericht gestuurd in de chat.", "loket-chat-" + chat);
    }
  };
})();
