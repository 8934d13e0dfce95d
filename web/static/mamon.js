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
