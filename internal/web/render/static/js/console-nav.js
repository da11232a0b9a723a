// The console navigation's live counters (new and own conversations, waiting chats, open tasks, requests
// near their deadline). The page comes with the counts of that moment; this script asks
// GET /beheer/tellers for new ones every few seconds while the page is visible, at once when the page
// comes back into view, and when the chat connection reports a change (loketNav.refresh). A count that
// went up is read out once by the polite live region. Without this script the counts of the page stay.
window.loketNav = (function () {
  "use strict";
  var nav = document.getElementById("console-nav");
  if (!nav || !window.fetch) return null;
  var url = nav.dataset.counts, every = Math.max(2, Number(nav.dataset.refresh) || 15) * 1000;
  var live = document.getElementById("console-nav-live");
  var timer = null, soon = null, stopped = false, failures = 0;

  function counters(key) { return nav.querySelectorAll('[data-nav-count="' + key + '"]'); }

  // set shows n for one counter and returns what to announce when it went up ("" otherwise).
  function set(key, n) {
    var said = "";
    counters(key).forEach(function (el) {
      var number = el.querySelector(".console-nav__number"), before = Number(number.textContent) || 0;
      number.textContent = String(n);
      el.querySelector(".visually-hidden").textContent = ", " + n + " " + el.dataset.spoken;
      el.hidden = n === 0;
      if (n > before) {
        var label = el.closest("a").querySelector(".console-nav__label").textContent;
        said = label + ": " + n + " " + el.dataset.spoken + ".";
      }
    });
    return said;
  }

  function apply(counts) {
    var news = [];
    Object.keys(counts).forEach(function (key) {
      var said = set(key, Number(counts[key]) || 0);
      if (said) news.push(said);
    });
    if (news.length && live) live.textContent = news.join(" ");
  }

  function schedule(ms) {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(poll, ms);
  }

  function poll() {
    if (document.hidden) return; // visibilitychange asks again when the page is back
    fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}, cache: "no-store"})
      .then(function (res) {
        var json = (res.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!res.ok || !json) { // signed out, or no access any more: stop asking
          stopped = true;
          return null;
        }
        return res.json();
      })
      .then(function (counts) {
        if (counts) { failures = 0; apply(counts); }
        schedule(every);
      })
      .catch(function () { // offline for a moment: ask again later, less often
        failures = Math.min(failures + 1, 6);
        schedule(every * (failures + 1));
      });
  }

  document.addEventListener("visibilitychange", function () { if (!document.hidden) schedule(0); });
  schedule(every);

  return {
    // refresh asks for new counts soon, once for a burst of changes.
    refresh: function () {
      clearTimeout(soon);
      soon = setTimeout(function () { schedule(0); }, 300);
    },
    // setCount shows a count that is known on the page already (the chat queue from the chat connection).
    setCount: function (key, n) {
      var said = set(key, n);
      if (said && live) live.textContent = said;
    }
  };
})();
