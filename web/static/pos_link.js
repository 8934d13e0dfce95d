// The POS's card linking (issue 12 item 1 "linking a scanned card to a holder"), for staff who may
// link cards (link_cards; the server checks it again): a scanned card nobody has
// ("mamon:unknown-card" from pos.js) opens the link form in the holder box. The holder is the one
// chosen by search (or by their own card) after the scan ("mamon:holder-chosen"), never the buyer
// left over from the sale before, so a new card cannot end up on the previous customer's wallet;
// "Link card" sends POST /api/holders/cards/ {card_id, card_name, user: {id}}. A card linked
// already (409) or a name too long (400) is shown beside its field; nothing is linked without
// the tap.
(function () {
  "use strict";
  var pos = window.MamonPos;
  var root = document.getElementById("pos");
  var form = document.getElementById("pos-link-form");
  if (!pos || !root || !form) return;
  var $ = function (id) { return document.getElementById(id); };
  var texts = pos.texts;
  var uid = null;     // the scanned card waiting to be linked
  var holder = null;  // {id, userId, name}: the holder chosen since the scan

  function show() {
    form.hidden = !uid;
    if (!uid) return;
    $("pos-link-uid").textContent = uid;
    $("pos-link-target").textContent = holder
      ? pos.format(texts.linkTo, { name: holder.name }) : texts.linkChoose;
    $("pos-link-submit").disabled = !holder;
  }

  root.addEventListener("mamon:unknown-card", function (event) {
    uid = event.detail.uid;
    holder = null;
    pos.clearErrors(form);
    $("pos-link-error").hidden = true;
    show();
  });
  root.addEventListener("mamon:holder-chosen", function (event) {
    holder = event.detail.holder;
    show();
  });

  $("pos-link-cancel").addEventListener("click", function () { uid = null; show(); });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!uid || !holder) return;
    pos.clearErrors(form);
    var body = { card_id: uid, card_name: form.elements.card_name.value.trim(),
      user: { id: holder.userId } };
    pos.call("POST", "/api/holders/cards/", body).then(function (a) {
      if (a.status !== 201) { pos.showErrors(form, $("pos-link-error"), a); return; }
      pos.banner(pos.format(texts.linked, { uid: uid, name: holder.name }), "success");
      uid = null;
      form.reset();
      show();
    }, function () { pos.banner(texts.offline, "danger"); });
  });
})();
