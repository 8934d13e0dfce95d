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

  // --- Member pages --------------------------------------------------------------------------
  // A form with data-confirm-field="name" was confirmed in the dialog above: it posts name=yes,
  // so the server skips its own confirmation page (the path without JavaScript).
  document.querySelectorAll("form[data-confirm][data-confirm-field]").forEach(function(form) {
    form.addEventListener("submit", function(event) {
      if (event.defaultPrevented) return;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = form.getAttribute("data-confirm-field");
      input.value = "yes";
      form.appendChild(input);
    });
  });

  // /topup/return/<id>/?go=1, just after the top-up form: on to Mollie's checkout at once (a
  // redirect from the form itself would break the CSP's form-action 'self').
  var follow = document.querySelector("a[data-auto-follow]");
  if (follow) window.location.assign(follow.href);

  // /home/: spending per month as a bar chart from the canvas"s data-chart (labels, cents,
  // formatted amounts). Chart.js is loaded (deferred) by that page only, after this file, so
  // the chart is drawn once the document is parsed. The table below the chart has the numbers.
  document.addEventListener("DOMContentLoaded", function() {
    var canvas = document.getElementById("spending-chart");
    if (!canvas || typeof window.Chart === "undefined") return;
    var data = JSON.parse(canvas.getAttribute("data-chart"));
    var lang = document.documentElement.lang || "nl";
    var euros = new Intl.NumberFormat(
        lang === "nl" ? "nl-NL" : "en-GB", {style: "currency", currency: "EUR"});
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.series,
          data: data.cents.map(function(c) { return c / 100; }),
          backgroundColor: "#1f5e3b",
          borderRadius: 3
        }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: {display: false},
          tooltip: {callbacks: {label: function(item) { return data.formatted[item.dataIndex]; }}}
        },
        scales: {y: {beginAtZero: true, ticks: {callback: function(v) { return euros.format(v); }}}}
      }
    });
  });
  // --- end of the member pages ---------------------------------------------------------------

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
