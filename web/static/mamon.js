// Small enhancements only: every page works without JavaScript (WEB.md §1). Loaded with defer
// from our own origin (the CSP allows no inline script).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The navbar burger folds the menu on small screens (without JS the menu stays open).
  document.querySelectorAll(".navbar-burger").forEach(function (burger) {
    var menu = document.getElementById(burger.getAttribute("aria-controls"));
    if (!menu) return;
    burger.hidden = false;
    burger.addEventListener("click", function () {
      var open = menu.classList.toggle("is-active");
      burger.classList.toggle("is-active", open);
      burger.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });

  // Forms with data-confirm="question" ask before they post (destructive actions).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  // The error summary takes the focus, so screen readers announce it first.
  var summary = document.querySelector(".mamon-error-summary[tabindex]");
  if (summary) summary.focus();
})();

// ---- The board's report pages: bar charts from <canvas data-mamon-chart="{labels, series:
// [{label, data, color}], currency, locale}">, drawn by Chart.js (loaded by the page itself, after
// this file: so after DOMContentLoaded). The same numbers are in a table beside the chart.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (typeof window.Chart !== "function") return;
  document.querySelectorAll("canvas[data-mamon-chart]").forEach(function (canvas) {
    var spec;
    try { spec = JSON.parse(canvas.getAttribute("data-mamon-chart")); } catch (e) { return; }
    var money = new Intl.NumberFormat(spec.locale, { style: "currency", currency: spec.currency });
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s) {
          return { label: s.label, data: s.data, backgroundColor: s.color, borderColor: s.color };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { callback: function (v) { return money.format(v); } } }
        },
        plugins: {
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + money.format(c.parsed.y); } } }
        }
      }
    });
  });
});
