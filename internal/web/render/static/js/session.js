// Resident sessions: a warning a minute before an idle session ends, a button that keeps it alive, and the
// continuation of pages that hand over to another site. The server ends idle sessions on its own; this
// only tells the person in time.
(function () {
  "use strict";
  // A page that hands the browser to another site (the broker's logout, the payment provider's
  // checkout) continues by itself; its link is there for when scripts do not run.
  var next = document.querySelector("[data-continue]");
  if (next && next.getAttribute("data-continue")) {
    window.location.assign(next.getAttribute("data-continue"));
    return;
  }
  var bar = document.getElementById("sessie");
  if (!bar) return;
  var warning = document.getElementById("sessie-waarschuwing");
  var keep = document.getElementById("sessie-verlengen");
  var warnAt = 0, endAt = 0;

  function schedule(idleSeconds) {
    var warnSeconds = parseInt(bar.getAttribute("data-warn-seconds"), 10) || 60;
    clearTimeout(warnAt);
    clearTimeout(endAt);
    warning.hidden = true;
    warnAt = setTimeout(function () {
      warning.hidden = false;
      keep.focus();
    }, Math.max(0, idleSeconds - warnSeconds) * 1000);
    endAt = setTimeout(function () {
      window.location.href = "/inloggen?reden=verlopen&terug=" + encodeURIComponent(window.location.pathname);
    }, idleSeconds * 1000);
  }

  keep.addEventListener("click", function () {
    fetch(bar.getAttribute("data-keepalive"), { method: "POST", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data) schedule(data.idle_seconds);
        else window.location.href = "/inloggen?reden=verlopen";
      });
  });
  schedule(parseInt(bar.getAttribute("data-idle-seconds"), 10) || 900);
})();
