// The web POS (/pos/, issue 12 item 1). The one page that needs JavaScript: it is a client of the
// bar app's API (API.md) with tokens for the staff signed in on this tablet. What it keeps in
// memory only: the staff's tokens, the basket and its Idempotency-Key. It never sells by itself:
// every sale is a tap on a payment button.
//
// Card readers are USB keyboard wedges: a burst of hex keys ending in Enter, each key within
// data-card-gap-ms of the previous one and at least data-card-length-min of them, is a card
// (the thresholds live in limits.h). A card is, depending on what the screen waits for:
//   locked screen              a signed-in staff member: unlocks and switches to them;
//   empty basket, staff card   switches to that staff member;
//   anything else              the buyer of the basket (their wallet pays).
// A card nobody has is announced as the event "mamon:unknown-card" on #pos (detail {uid}), and
// every choice of a holder (by search or card; null when cleared) as "mamon:holder-chosen"
// (detail {holder}): pos_link.js links the card to a holder chosen after the scan.
(function () {
  "use strict";
  var root = document.getElementById("pos");
  if (!root) return;
  var $ = function (id) { return document.getElementById(id); };
  var lang = document.documentElement.lang || "nl";
  var texts = $("pos-texts").dataset;
  var CARD_GAP_MS = Number(root.dataset.cardGapMs);
  var CARD_LENGTH_MIN = Number(root.dataset.cardLengthMin);
  var UNDO_MS = Number(root.dataset.undoSeconds) * 1000;
  var IDLE_MS = Number(root.dataset.idleSeconds) * 1000;
  var euro = new Intl.NumberFormat(lang === "en" ? "en-IE" : "nl-NL",
    { style: "currency", currency: "EUR" });
  var money = function (cents) { return euro.format(cents / 100); };
  // The API's amounts are JSON numbers in euros with at most two decimals.
  var cents = function (euros) { return Math.round(Number(euros) * 100); };
  var format = function (text, params) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return params[k]; });
  };

  var staff = [];        // [{user, access, refresh}], the signed-in staff of this tablet
  var current = 0;       // index into staff
  var basket = [];       // [{id, name, price, quantity}] in the order tapped
  var basketKey = null;  // made with the basket's first line; the sale's Idempotency-Key base
  var buyer = null;      // {id, userId, name, balance}
  var pending = null;    // the request that failed on the network, for the retry button
  var lastSale = null;   // {id, until}
  var locked = false;
  var lastTouch = Date.now();

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + "-" + Math.random().toString(16).slice(2);
  }

  // --- messages --------------------------------------------------------------------------------
  function banner(text, kind, actions) {
    var box = $("pos-banner");
    box.hidden = !text;
    box.className = "notification mamon-pos-banner is-" + (kind || "info");
    box.textContent = text || "";
    (actions || []).forEach(function (a) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button is-small mamon-button-light ml-2";
      b.textContent = a.label;
      b.id = a.id;
      b.addEventListener("click", a.run);
      box.appendChild(b);
    });
  }

  // --- the API ---------------------------------------------------------------------------------
  // Resolves to {status, json}; rejects only when the server cannot be reached.
  function call(method, path, body, options) {
    options = options || {};
    var who = options.staff || staff[current];
    var headers = { "Content-Type": "application/json" };
    if (who) headers.Authorization = "Bearer " + who.access;
    if (options.key) headers["Idempotency-Key"] = options.key;
    return fetch(path, {
      method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (json) {
        if (r.status === 401 && who && !options.refreshed) {
          return refresh(who).then(function (ok) {
            if (!ok) return { status: 401, json: json };
            return call(method, path, body, Object.assign({}, options, { refreshed: true }));
          });
        }
        return { status: r.status, json: json };
      });
    });
  }

  function refresh(who) {
    return fetch("/api/login/refresh/", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh: who.refresh }),
    }).then(function (r) {
      if (r.status !== 200) return false;
      return r.json().then(function (j) { who.access = j.access; who.refresh = j.refresh; return true; });
    });
  }

  function detail(answer) {
    return (answer.json && (answer.json.detail || answer.json.message)) || texts.failed;
  }

  // Errors beside the fields of a dialog's form: <p data-error-for="field"> next to each input.
  function clearErrors(form) {
    form.querySelectorAll("[data-error-for]").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
  }
  // Shows each error beside its field ("errors": {"field": ["message"]}); the rest in `general`.
  function showErrors(form, general, answer) {
    var errors = (answer.json && answer.json.errors) || {};
    var placed = false;
    Object.keys(errors).forEach(function (field) {
      var p = form.querySelector('[data-error-for="' + field + '"]');
      if (!p) return;
      p.textContent = [].concat(errors[field]).join(" ");
      p.hidden = false;
      var input = p.parentElement.querySelector("input");
      if (input) input.setAttribute("aria-invalid", "true");
      placed = true;
    });
    general.hidden = placed;
    general.textContent = placed ? "" : detail(answer);
  }

  // --- staff -----------------------------------------------------------------------------------
  function showStaff() {
    $("pos-staff").textContent = staff[current] ? (staff[current].user.nickname || staff[current].user.name) : "";
    var list = $("pos-staff-list");
    list.textContent = "";
    staff.forEach(function (s, i) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button is-small " + (i === current ? "mamon-button-primary" : "mamon-button-light");
      b.textContent = s.user.nickname || s.user.name;
      b.setAttribute("aria-pressed", i === current ? "true" : "false");
      b.addEventListener("click", function () { askPassword(i); });
      list.appendChild(b);
    });
  }

  function addStaff(tokens) {
    var at = staff.findIndex(function (s) { return s.user.id === tokens.user.id; });
    var entry = { user: tokens.user, access: tokens.access, refresh: tokens.refresh };
    if (at >= 0) staff[at] = entry; else staff.push(entry);
    current = at >= 0 ? at : staff.length - 1;
    showStaff();
  }

  // Switching by tapping a name needs that person's password (a name is no credential).
  function askPassword(index) {
    if (index === current && !locked) return;
    $("pos-login-username").value = staff[index].user.username;
    openLogin();
  }

  function openLogin() {
    $("pos-login-error").hidden = true;
    $("pos-login-password").value = "";
    $("pos-login").hidden = false;
    ($("pos-login-username").value ? $("pos-login-password") : $("pos-login-username")).focus();
  }

  $("pos-add-staff").addEventListener("click", function () {
    $("pos-login-username").value = "";
    openLogin();
  });
  $("pos-login-cancel").addEventListener("click", function () { $("pos-login").hidden = true; });
  $("pos-login-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var body = { username: $("pos-login-username").value, password: $("pos-login-password").value };
    fetch("/api/login/", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    }).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (j) {
        if (r.status !== 200 || !j) throw new Error((j && j.detail) || texts.loginFailed);
        if (!j.user.personel) throw new Error(texts.notStaff);
        addStaff(j);
        $("pos-login").hidden = true;
        unlock();
      });
    }).catch(function (e) {
      var box = $("pos-login-error");
      box.textContent = e instanceof TypeError ? texts.offline : e.message;
      box.hidden = false;
    });
  });

  // --- lock ------------------------------------------------------------------------------------
  function lock() {
    locked = true;
    $("pos-locked").hidden = false;
  }
  function unlock() {
    locked = false;
    lastTouch = Date.now();
    $("pos-locked").hidden = true;
  }
  $("pos-lock").addEventListener("click", lock);
  $("pos-unlock-password").addEventListener("click", function () {
    $("pos-login-username").value = staff[current] ? staff[current].user.username : "";
    openLogin();
  });
  ["pointerdown", "keydown"].forEach(function (type) {
    document.addEventListener(type, function () { if (!locked) lastTouch = Date.now(); }, true);
  });
  setInterval(function () {
    if (!locked && Date.now() - lastTouch > IDLE_MS) lock();
    if (lastSale && Date.now() > lastSale.until) { lastSale = null; $("pos-last").hidden = true; }
  }, 1000);

  // --- the basket ------------------------------------------------------------------------------
  function total() {
    return basket.reduce(function (sum, l) { return sum + l.price * l.quantity; }, 0);
  }

  function showBasket() {
    var list = $("pos-basket");
    list.textContent = "";
    basket.forEach(function (line) {
      var li = document.createElement("li");
      li.className = "mamon-pos-line";
      var name = document.createElement("span");
      name.textContent = line.quantity + " × " + line.name;
      var amount = document.createElement("span");
      amount.textContent = money(line.price * line.quantity);
      var less = document.createElement("button");
      less.type = "button";
      less.className = "button is-small mamon-button-light";
      less.textContent = "−";
      less.setAttribute("aria-label", format(texts.less, { name: line.name }));
      less.addEventListener("click", function () { change(line.id, -1); });
      li.append(name, amount, less);
      list.appendChild(li);
    });
    $("pos-basket-empty").hidden = basket.length > 0;
    $("pos-total").textContent = money(total());
    document.querySelectorAll(".mamon-tile").forEach(function (tile) {
      var line = basket.find(function (l) { return l.id === Number(tile.dataset.product); });
      var badge = tile.querySelector(".mamon-tile-count");
      badge.hidden = !line;
      badge.textContent = line ? String(line.quantity) : "";
    });
    showBuyer();
  }

  function change(id, delta, tile) {
    var line = basket.find(function (l) { return l.id === id; });
    if (!line && delta > 0) {
      line = { id: id, name: tile.dataset.name, price: Number(tile.dataset.price), quantity: 0 };
      basket.push(line);
    }
    if (!line) return;
    line.quantity += delta;
    if (line.quantity <= 0) basket = basket.filter(function (l) { return l !== line; });
    if (basket.length && !basketKey) basketKey = newKey();
    if (!basket.length) basketKey = null;
    showBasket();
  }

  function clearBasket() {
    basket = [];
    basketKey = null;
    buyer = null;
    pending = null;
    showBasket();
  }

  document.querySelectorAll(".mamon-tile").forEach(function (tile) {
    tile.style.backgroundColor = tile.dataset.bg;
    tile.style.color = tile.dataset.fg;
    tile.addEventListener("click", function () { change(Number(tile.dataset.product), 1, tile); });
  });
  document.querySelectorAll(".mamon-pos-tabs a").forEach(function (tab) {
    tab.addEventListener("click", function (event) {
      event.preventDefault();
      document.querySelectorAll(".mamon-pos-tabs li").forEach(function (li) {
        var on = li.contains(tab);
        li.classList.toggle("is-active", on);
        if (on) li.firstElementChild.setAttribute("aria-current", "true");
        else li.firstElementChild.removeAttribute("aria-current");
      });
      document.querySelectorAll(".mamon-pos-tiles").forEach(function (panel) {
        panel.hidden = panel.id !== "pos-group-" + tab.dataset.group;
      });
    });
  });
  $("pos-clear").addEventListener("click", clearBasket);

  // --- the buyer -------------------------------------------------------------------------------
  function showBuyer() {
    $("pos-buyer").hidden = !buyer;
    if (!buyer) return;
    $("pos-buyer-name").textContent = buyer.name;
    $("pos-buyer-balance").textContent = money(buyer.balance);
    $("pos-buyer-after").textContent = money(buyer.balance - total());
    $("pos-buyer-after").classList.toggle("mamon-pos-negative", buyer.balance - total() < 0);
  }

  function chooseHolder(holder) {
    buyer = { id: holder.id, userId: holder.user.id, name: holder.name, balance: cents(holder.stand) };
    $("pos-search-results").textContent = "";
    $("pos-search").value = "";
    showBuyer();
    banner(format(texts.buyerChosen, { name: holder.name }), "info");
    announceHolder();
  }
  function announceHolder() {
    root.dispatchEvent(new CustomEvent("mamon:holder-chosen", { detail: { holder: buyer } }));
  }

  $("pos-buyer-clear").addEventListener("click", function () {
    buyer = null;
    showBuyer();
    announceHolder();
  });

  $("pos-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = $("pos-search").value.trim();
    if (!text) return;
    call("GET", "/api/holders/?search=" + encodeURIComponent(text)).then(function (a) {
      var list = $("pos-search-results");
      list.textContent = "";
      if (a.status !== 200) { banner(detail(a), "danger"); return; }
      if (!a.json.length) { banner(texts.noneFound, "warning"); return; }
      a.json.slice(0, 8).forEach(function (h) {
        var li = document.createElement("li");
        var b = document.createElement("button");
        b.type = "button";
        b.className = "button is-small mamon-button-light is-fullwidth mamon-pos-holder";
        b.textContent = h.name + " — " + money(cents(h.stand));
        b.addEventListener("click", function () { chooseHolder(h); });
        li.appendChild(b);
        list.appendChild(li);
      });
    }, function () { banner(texts.offline, "danger"); });
  });

  // --- cards -----------------------------------------------------------------------------------
  var burst = "";
  var burstAt = 0;
  document.addEventListener("keydown", function (event) {
    var now = event.timeStamp;
    var fast = now - burstAt <= CARD_GAP_MS;
    if (event.key === "Enter") {
      var uid = burst;
      burst = "";
      if (fast && uid.length >= CARD_LENGTH_MIN) {
        event.preventDefault();
        event.stopPropagation();
        // The reader typed into a focused field too: take its keys back out.
        var field = document.activeElement;
        if (field && "value" in field && field.value.endsWith(uid)) {
          field.value = field.value.slice(0, field.value.length - uid.length);
        }
        card(uid.toUpperCase());
      }
      return;
    }
    if (/^[0-9a-fA-F]$/.test(event.key)) {
      burst = (burst && fast) ? burst + event.key : event.key;
      burstAt = now;
    } else {
      burst = "";
    }
  }, true);

  function card(uid) {
    root.dataset.lastCard = uid;
    call("GET", "/api/cards/" + encodeURIComponent(uid) + "/").then(function (a) {
      if (a.status === 404) {
        banner(format(texts.unknownCard, { uid: uid }), "warning");
        root.dispatchEvent(new CustomEvent("mamon:unknown-card", { detail: { uid: uid } }));
        return;
      }
      if (a.status !== 200) { banner(detail(a), "danger"); return; }
      var userId = a.json.user.id;
      var at = staff.findIndex(function (s) { return s.user.id === userId; });
      if (locked) {
        if (at < 0) { banner(texts.cardNotStaff, "warning"); return; }
        current = at;
        showStaff();
        unlock();
        banner("", "info");
        return;
      }
      if (at >= 0 && !basket.length) {
        current = at;
        showStaff();
        banner(format(texts.switched, { name: staff[at].user.nickname || staff[at].user.name }), "info");
        return;
      }
      var holderId = a.json.user.holder;
      if (!holderId) { banner(texts.noWallet, "warning"); return; }
      call("GET", "/api/holders/" + holderId + "/").then(function (h) {
        if (h.status === 200) chooseHolder(h.json); else banner(detail(h), "danger");
      });
    }, function () { banner(texts.offline, "danger"); });
  }

  // --- selling ---------------------------------------------------------------------------------
  function pay(method) {
    if (!basket.length) { banner(texts.emptyBasket, "warning"); return; }
    if (method === "balance" && !buyer) { banner(texts.needBuyer, "warning"); return; }
    var body = {
      orders: basket.map(function (l) { return { product: l.id, quantity: l.quantity }; }),
      balance: method === "balance", cash: method === "cash", pin: method === "pin",
    };
    if (method === "balance") body.buyer = buyer.id;
    // One key per basket and way of paying: a retry of the same request is the same key.
    var key = basketKey + "-" + method + (method === "balance" ? "-" + buyer.id : "");
    send(body, key, method);
  }

  function send(body, key, method) {
    setBusy(true);
    call("POST", "/api/purchases/", body, { key: key }).then(function (a) {
      setBusy(false);
      pending = null;
      if (a.status === 201) { sold(a.json, method); return; }
      if (a.json && a.json.code === "insufficient_funds") {
        banner(format(texts.shortFunds, { balance: money(buyer.balance), total: money(total()) }),
          "warning", [
            { id: "pos-short-cash", label: texts.payCash, run: function () { pay("cash"); } },
            { id: "pos-short-pin", label: texts.payPin, run: function () { pay("pin"); } },
          ]);
        return;
      }
      banner(detail(a), "danger");
    }, function () {
      setBusy(false);
      pending = { body: body, key: key, method: method };
      banner(texts.offline, "danger", [{ id: "pos-retry", label: texts.retry, run: retry }]);
    });
  }

  function retry() {
    if (pending) send(pending.body, pending.key, pending.method);
  }

  function setBusy(busy) {
    document.querySelectorAll(".mamon-pos-pay").forEach(function (b) {
      b.disabled = busy;
      b.classList.toggle("is-loading", busy);
    });
  }

  function sold(purchase, method) {
    var text = format(texts.sold, { total: money(cents(purchase.total)), method: texts["method_" + method] });
    if (purchase.remaining_after_purchase !== null && purchase.remaining_after_purchase !== undefined) {
      text += " " + format(texts.remaining, { balance: money(cents(purchase.remaining_after_purchase)) });
    }
    clearBasket();
    banner(text, "success");
    lastSale = { id: purchase.id, until: Date.now() + UNDO_MS };
    $("pos-last-text").textContent = text;
    $("pos-last").hidden = false;
  }

  $("pos-pay-cash").addEventListener("click", function () { pay("cash"); });
  $("pos-pay-pin").addEventListener("click", function () { pay("pin"); });
  $("pos-pay-balance").addEventListener("click", function () { pay("balance"); });

  $("pos-undo").addEventListener("click", function () {
    if (!lastSale) return;
    call("POST", "/api/purchases/" + lastSale.id + "/undo/").then(function (a) {
      if (a.status !== 200) { banner(detail(a), "danger"); return; }
      lastSale = null;
      $("pos-last").hidden = true;
      banner(format(texts.undone, { total: money(cents(a.json.amount)) }), "success");
    }, function () { banner(texts.offline, "danger"); });
  });

  // --- top-ups and refunds for the chosen holder ----------------------------------------------
  $("pos-money-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var refund = form.elements.kind.value === "refund";
    var amount = Math.round(Number(String(form.elements.amount.value).replace(",", ".")) * 100);
    if (!buyer) { banner(texts.needBuyer, "warning"); return; }
    if (!(amount > 0)) { banner(texts.badAmount, "warning"); return; }
    var comment = form.elements.comment.value.trim();
    if (refund && !comment) { banner(texts.needReason, "warning"); return; }
    var body = { amount: amount / 100, refund: refund, cash: form.elements.how.value === "cash",
      pin: form.elements.how.value === "pin", comment: comment, holder: { id: buyer.id } };
    call("POST", "/api/walletupgrades/", body).then(function (a) {
      if (a.status !== 201) { banner(detail(a), "danger"); return; }
      buyer.balance = cents(a.json.stand !== undefined ? a.json.stand : (a.json.holder && a.json.holder.stand));
      showBuyer();
      form.reset();
      banner(format(refund ? texts.refunded : texts.toppedUp, { amount: money(amount), name: buyer.name }), "success");
    }, function () { banner(texts.offline, "danger"); });
  });

  // --- for the count and cash screens (pos_count.js) -------------------------------------------
  window.MamonPos = {
    call: call, banner: banner, money: money, cents: cents, format: format, texts: texts,
    detail: detail, clearErrors: clearErrors, showErrors: showErrors,
  };

  // --- start -----------------------------------------------------------------------------------
  window.addEventListener("offline", function () { banner(texts.offline, "danger"); });
  fetch("/pos/token/", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: "csrf_token=" + encodeURIComponent(root.dataset.csrf),
  }).then(function (r) {
    if (r.status !== 200) throw new Error(texts.failed);
    return r.json();
  }).then(function (tokens) {
    addStaff(tokens);
    root.classList.add("is-ready");
  }).catch(function () { banner(texts.offline, "danger"); });
  showBasket();
})();
