// Insight dashboards: draws every <canvas data-chart="…"> with the vendored Chart.js. The figures are also
// in the tables on the page, so the page works without this file.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  if (typeof Chart === "undefined") return;
  var colors = ["#1f5fa8", "#c2410c", "#15803d", "#7e22ce", "#b45309", "#0f766e", "#be123c", "#4b5563"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec;
    try { spec = JSON.parse(canvas.getAttribute("data-chart")); } catch (e) { return; }
    if (!spec.labels || spec.labels.length === 0) return;
    var datasets = (spec.series || []).map(function (s, i) {
      var color = colors[i % colors.length];
      var ds = { label: s.label, data: s.data, backgroundColor: color, borderColor: color, fill: false, tension: 0.2 };
      // A month the period covers only in part is drawn dashed and pale, so it does not read as a drop.
      var partial = spec.partial || [];
      if (partial.length) {
        ds.segment = { borderDash: function (ctx) { return partial.indexOf(ctx.p1DataIndex) >= 0 || partial.indexOf(ctx.p0DataIndex) >= 0 ? [6, 4] : undefined; } };
        ds.backgroundColor = s.data.map(function (_, j) { return partial.indexOf(j) >= 0 ? color + "66" : color; });
      }
      if (s.line) {
        ds.type = "line";
        ds.yAxisID = "share";
        ds.borderColor = "#111827";
        ds.backgroundColor = "#111827";
      }
      return ds;
    });
    var scales = {
      x: { stacked: !!spec.stacked, ticks: { autoSkip: spec.type !== "bar", maxRotation: 60 } },
      y: { stacked: !!spec.stacked, beginAtZero: true, title: { display: !!spec.axis, text: spec.axis || "" } }
    };
    if (datasets.some(function (d) { return d.yAxisID === "share"; })) {
      scales.share = { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: "Opgeteld aandeel (%)" } };
    }
    new Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: scales,
        plugins: { legend: { position: "bottom" } } }
    });
  });
})();
