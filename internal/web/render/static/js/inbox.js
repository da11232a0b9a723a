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
