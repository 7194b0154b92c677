// claimledger review pages: select claims, keyboard shortcuts. No network, no libraries.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".panel .card"));
  var ids = cards.map(function (c) { return c.getAttribute("data-c"); });

  function each(sel, fn) { Array.prototype.forEach.call(document.querySelectorAll(sel), fn); }

  // The page has one review form; it follows the selected claim: moved into its card and filled
  // with its values (the panel's data-forms: {"fields": [name…], "claims": {claim id: [value…]}}).
  var form = document.getElementById("review");
  var panel = document.getElementById("panel");
  var data = {fields: [], claims: {}};
  try { data = JSON.parse((panel && panel.getAttribute("data-forms")) || "") || data; } catch (e) { /* keep */ }
  var values = data.claims || {};
  var FIELDS = data.fields || [];

  function setField(el, v) {
    if (el.tagName === "SELECT") {
      var found = false;
      Array.prototype.forEach.call(el.options, function (o) { if (o.value === v) found = true; });
      if (!found) { var o = document.createElement("option"); o.textContent = v; el.insertBefore(o, el.firstChild); }
    }
    el.value = v;
  }

  // Unsaved edits stay with their claim (as when every card had its own form): kept on leaving it.
  var drafts = {};
  var NAMES = FIELDS.concat(["note"]);
  function bringForm(id, card) {
    if (!form || !card) return;
    var was = form.getAttribute("data-c");
    if (was !== id && values[id]) {
      if (was) drafts[was] = NAMES.map(function (name) { var el = form.elements[name]; return el ? el.value : ""; });
      var fill = drafts[id] || values[id].concat([""]);
      NAMES.forEach(function (name, i) { var el = form.elements[name]; if (el) setField(el, fill[i]); });
      form.setAttribute("action", "/claims/" + encodeURIComponent(id) + "/review");
      form.setAttribute("data-c", id);
    }
    if (form.parentNode !== card) card.insertBefore(form, card.querySelector("details.machine"));
  }

  function select(id, scroll) {
    if (ids.indexOf(id) < 0) return;
    cards.forEach(function (c) { c.classList.toggle("show", c.getAttribute("data-c") === id); });
    var card = document.getElementById("card-" + id);
    bringForm(id, card);
    var s = card ? card.getAttribute("data-s") : null;
    each(".snt.on", function (e) { e.classList.remove("on"); });
    if (s !== null) each('.snt[data-s="' + s + '"]', function (e) { e.classList.add("on"); });
    each(".clm.sel, table.claims tr.sel", function (e) { e.classList.remove("sel"); });
    each('#text .clm[data-c="' + id + '"], table.claims tr[data-c="' + id + '"]',
         function (e) { e.classList.add("sel"); });
    var mark = document.getElementById("c-" + id);
    if (scroll && mark) reveal(mark);
    if (card && card.parentNode) card.parentNode.scrollTop = 0;
    current = id;
  }

  var narrow = window.matchMedia ? window.matchMedia("(max-width: 1000px)") : null;
  // Wide: the panel sits beside the text, so centre the figure. Narrow: the card is a sheet at the
  // bottom of the screen, so put the figure in the top part, above the sheet, unless it is there already.
  function reveal(mark) {
    if (!(narrow && narrow.matches)) { mark.scrollIntoView({block: "center"}); return; }
    var r = mark.getBoundingClientRect(), head = 56, sheet = window.innerHeight * 0.44;
    if (r.top >= head && r.bottom <= window.innerHeight - sheet - 8) return;
    window.scrollBy(0, r.top - head - window.innerHeight * 0.12);
  }

  var current = null;
  function fromHash() {
    var h = decodeURIComponent(location.hash.slice(1));
    if (h.indexOf("c-") === 0) { select(h.slice(2), true); return true; }
    return false;
  }
  if (cards.length) {
    if (!fromHash()) select(ids[0], false);
    window.addEventListener("hashchange", fromHash);
  }

  function move(step) {
    if (!ids.length) return;
    var i = ids.indexOf(current);
    i = Math.min(ids.length - 1, Math.max(0, (i < 0 ? 0 : i + step)));
    history.replaceState(null, "", "#c-" + ids[i]);
    select(ids[i], true);
    var m = document.getElementById("c-" + ids[i]);
    if (m) m.focus({preventScroll: true});
  }

  function inField(e) {
    var t = e.target && e.target.tagName;
    return t === "INPUT" || t === "TEXTAREA" || t === "SELECT" || (e.target && e.target.isContentEditable);
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape" && inField(e)) { e.target.blur(); return; }
    if (inField(e)) return;
    var card = current ? document.getElementById("card-" + current) : null;
    if (e.key === "/") { var s = document.getElementById("search"); if (s) { e.preventDefault(); s.focus(); } }
    else if (e.key === "j" || e.key === "n") { e.preventDefault(); move(1); }
    else if (e.key === "k" || e.key === "p") { e.preventDefault(); move(-1); }
    else if (card && e.key === "c") { e.preventDefault(); card.querySelector("button.confirm").focus(); }
    else if (card && e.key === "x") { e.preventDefault(); card.querySelector("button.reject").focus(); }
    else if (card && e.key === "e") { e.preventDefault(); var f = card.querySelector("input[name=low]"); f.focus(); f.select(); }
  });
})();

// Bulk review and "move out": a select-all box for the claim checkboxes.
(function () {
  "use strict";
  var all = document.getElementById("bulk-all");
  if (!all) return;
  all.hidden = false;
  all.addEventListener("change", function () {
    Array.prototype.forEach.call(document.querySelectorAll('#bulk input[name="claim"]'),
      function (b) { b.checked = all.checked; });
  });
})();
