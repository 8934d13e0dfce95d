// The POS's drawer screens (issue 12 "Reports at the POS"), for staff who may file reports:
//   count   a blind count: the denomination calculator fills the total (or the total is typed),
//           with both flow meters and, at closing, the PIN terminal's end-of-day total. The
//           expected cash is never shown before the count is stored (POST /api/reports/counts/);
//           then the difference is shown and the staff member confirms it (which files the report)
//           or counts again (a new attempt; every attempt is kept by the server).
//   cash    cash into the drawer from the safe, or out of it to the safe or the bank, with a
//           reason (POST /api/cashmoves/).
// Uses pos.js's API client (window.MamonPos); errors are shown beside the field they name.
(function () {
  "use strict";
  var pos = window.MamonPos;
  var root = document.getElementById("pos");
  if (!pos || !root || !document.getElementById("pos-count")) return;
  var $ = function (id) { return document.getElementById(id); };
  var texts = pos.texts;
  var submitted = null;  // the stored count waiting for confirmation: {id, action}

  // "12,50" or "12.50" -> 1250; "" -> null; anything else -> NaN.
  function parseEuros(text) {
    text = String(text).trim().replace(",", ".");
    if (!text) return null;
    if (!/^\d+(\.\d{1,2})?$/.test(text)) return NaN;
    var parts = text.split(".");
    return Number(parts[0]) * 100 + Number(((parts[1] || "") + "00").slice(0, 2));
  }
  function euros(cents) { return (cents / 100).toFixed(2); }

  var clearErrors = pos.clearErrors;
  var showErrors = pos.showErrors;
  function fieldError(form, field, message) {
    showErrors(form, document.createElement("p"), { json: { errors: { [field]: [message] } } });
  }

  function open(id) {
    $(id).hidden = false;
    var first = $(id).querySelector("input:not([disabled]):not([type=radio]), button");
    if (first) first.focus();
  }
  document.querySelectorAll("[data-close]").forEach(function (b) {
    b.addEventListener("click", function () { $(b.dataset.close).hidden = true; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    $("pos-count").hidden = true;
    $("pos-cash").hidden = true;
  });

  // --- the count -------------------------------------------------------------------------------
  var form = $("pos-count-form");
  var pieces = form.querySelectorAll("input[name=piece]");

  function setCycleOpen(isOpen) {
    root.dataset.cycleOpen = isOpen ? "1" : "0";
    form.querySelectorAll("input[name=action]").forEach(function (r) {
      r.disabled = isOpen ? r.value === "open" : r.value !== "open";
      r.checked = r.value === (isOpen ? "middle" : "open");
    });
    showPinField();
  }
  function action() {
    var checked = form.querySelector("input[name=action]:checked");
    return checked ? checked.value : "";
  }
  function showPinField() { $("pos-count-pin-field").hidden = action() !== "close"; }
  form.querySelectorAll("input[name=action]").forEach(function (r) {
    r.addEventListener("change", showPinField);
  });

  // The calculator: any piece typed makes the total the breakdown's sum.
  function breakdown() {
    var out = {}, any = false, bad = false;
    pieces.forEach(function (input) {
      var text = input.value.trim();
      if (!text) return;
      if (!/^\d+$/.test(text)) { bad = true; return; }
      if (Number(text) > 0) { out[input.dataset.code] = Number(text); any = true; }
    });
    return bad ? NaN : (any ? out : null);
  }
  pieces.forEach(function (input) {
    input.addEventListener("input", function () {
      var sum = 0, any = false;
      pieces.forEach(function (p) {
        if (/^\d+$/.test(p.value.trim())) { sum += Number(p.value) * Number(p.dataset.value); any = true; }
      });
      $("pos-count-total").readOnly = any;
      if (any) $("pos-count-total").value = euros(sum);
    });
  });

  $("pos-open-count").addEventListener("click", function () {
    submitted = null;
    $("pos-count-result").hidden = true;
    form.hidden = false;
    clearErrors(form);
    $("pos-count-error").hidden = true;
    showPinField();
    open("pos-count");
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors(form);
    $("pos-count-error").hidden = true;
    var body = { action: action(), comment: $("pos-count-comment").value.trim() };
    var pieceCounts = breakdown();
    if (Number.isNaN(pieceCounts)) {
      pieces.forEach(function (p) {
        if (p.value.trim() && !/^\d+$/.test(p.value.trim())) fieldError(form, "breakdown." + p.dataset.code, texts.needNumber);
      });
      return;
    }
    if (pieceCounts) body.breakdown = pieceCounts;
    var total = parseEuros($("pos-count-total").value);
    if (Number.isNaN(total) || (total === null && !pieceCounts)) { fieldError(form, "total_cash", texts.badTotal); return; }
    if (total !== null) body.total_cash = total / 100;
    if (body.action === "close") {
      var pin = parseEuros($("pos-count-pin").value);
      if (Number.isNaN(pin)) { fieldError(form, "pin_total", texts.badTotal); return; }
      if (pin !== null) body.pin_total = pin / 100;
    }
    var meters = [["flow_meter1", "pos-count-meter1"], ["flow_meter2", "pos-count-meter2"]];
    for (var i = 0; i < meters.length; i++) {
      var text = $(meters[i][1]).value.trim();
      if (!/^\d+$/.test(text)) { fieldError(form, meters[i][0], texts.needNumber); return; }
      body[meters[i][0]] = Number(text);
    }
    $("pos-count-submit").classList.add("is-loading");
    pos.call("POST", "/api/reports/counts/", body).then(function (a) {
      $("pos-count-submit").classList.remove("is-loading");
      if (a.status === 409 && a.json && a.json.code === "bar_cycle_already_open") setCycleOpen(true);
      if (a.status === 409 && a.json && a.json.code === "no_open_bar_cycle") setCycleOpen(false);
      if (a.status !== 201) { showErrors(form, $("pos-count-error"), a); return; }
      submitted = { id: a.json.id, action: a.json.action };
      var difference = pos.cents(a.json.difference);
      $("pos-count-counted").textContent = pos.money(pos.cents(a.json.counted));
      $("pos-count-expected").textContent = pos.money(pos.cents(a.json.expected));
      $("pos-count-difference").textContent = pos.money(difference);
      $("pos-count-difference").className = difference < 0 ? "mamon-pos-negative" : "";
      form.hidden = true;
      $("pos-count-result").hidden = false;
      $("pos-count-confirm").focus();
    }, function () {
      $("pos-count-submit").classList.remove("is-loading");
      $("pos-count-error").textContent = texts.offline;
      $("pos-count-error").hidden = false;
    });
  });

  // Counting again keeps what was typed, so only the wrong line needs changing.
  $("pos-count-recount").addEventListener("click", function () {
    submitted = null;
    $("pos-count-result").hidden = true;
    form.hidden = false;
    $("pos-count-submit").focus();
  });

  $("pos-count-confirm").addEventListener("click", function () {
    if (!submitted) return;
    pos.call("POST", "/api/reports/counts/" + submitted.id + "/confirm/", {}).then(function (a) {
      if (a.status === 409) {
        // Confirmed elsewhere already, or a report was filed since: count again.
        $("pos-count-result").hidden = true;
        form.hidden = false;
        $("pos-count-error").textContent = texts.staleCount;
        $("pos-count-error").hidden = false;
        return;
      }
      if (a.status !== 201) { pos.banner(pos.detail(a), "danger"); return; }
      $("pos-count").hidden = true;
      form.reset();
      pieces.forEach(function (p) { p.value = ""; });
      $("pos-count-total").readOnly = false;
      setCycleOpen(a.json.action !== "close");
      root.dataset.lastReport = String(a.json.id);
      pos.banner(pos.format(texts.counted, { total: pos.money(pos.cents(a.json.total_cash)) }), "success");
      submitted = null;
    }, function () { pos.banner(texts.offline, "danger"); });
  });

  // --- cash in and out -------------------------------------------------------------------------
  var cashForm = $("pos-cash-form");
  $("pos-open-cash").addEventListener("click", function () {
    clearErrors(cashForm);
    $("pos-cash-error").hidden = true;
    open("pos-cash");
  });
  cashForm.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors(cashForm);
    $("pos-cash-error").hidden = true;
    var amount = parseEuros(cashForm.elements.amount.value);
    if (!(amount > 0)) { fieldError(cashForm, "amount", texts.badAmount); return; }
    var reason = cashForm.elements.reason.value.trim();
    if (!reason) { fieldError(cashForm, "reason", texts.needCashReason); return; }
    var direction = cashForm.elements.direction.value;
    pos.call("POST", "/api/cashmoves/", { direction: direction, amount: amount / 100, reason: reason })
      .then(function (a) {
        if (a.status !== 201) { showErrors(cashForm, $("pos-cash-error"), a); return; }
        $("pos-cash").hidden = true;
        cashForm.reset();
        pos.banner(pos.format(direction === "in" ? texts.cashMovedIn : texts.cashMovedOut,
          { amount: pos.money(amount) }), "success");
      }, function () {
        $("pos-cash-error").textContent = texts.offline;
        $("pos-cash-error").hidden = false;
      });
  });

  setCycleOpen(root.dataset.cycleOpen === "1");
})();
