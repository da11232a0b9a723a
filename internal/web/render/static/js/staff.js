// Staff console enhancements; every page works without this file.
(function () {
  "use strict";
  // Ask before an action that cannot be undone.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
