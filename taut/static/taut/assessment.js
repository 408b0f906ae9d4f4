// The assessment page: show a candidate muscle's referral pattern on the body chart.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function clear() {
    document.querySelectorAll(".bc-hl--js").forEach(function (el) { el.remove(); });
    document.querySelectorAll("[data-referral][aria-pressed='true']").forEach(function (b) {
      b.setAttribute("aria-pressed", "false");
    });
  }

  function refsFor(code, sides) {
    var exact = document.querySelectorAll(".bc-region[data-ref='" + code + "']");
    if (exact.length) return exact;
    if (!sides.length) return document.querySelectorAll(".bc-region[data-ref^='" + code + ":']");
    return document.querySelectorAll(sides.map(function (s) {
      return ".bc-region[data-ref='" + code + ":" + s + "']";
    }).join(","));
  }

  function show(button) {
    var map = JSON.parse(button.getAttribute("data-referral"));
    ["primary", "unsplit", "spillover"].forEach(function (tier) {
      (map[tier] || []).forEach(function (code) {
        refsFor(code, map.sides || []).forEach(function (region) {
          var layer = region.ownerSVGElement.querySelector(".bc-highlights");
          var path = document.createElementNS(SVG, "path");
          path.setAttribute("d", region.getAttribute("d"));
          path.setAttribute("class", "bc-hl bc-hl--" + tier + " bc-hl--js");
          layer.appendChild(path);
        });
      });
    });
    button.setAttribute("aria-pressed", "true");
    var status = document.getElementById("referral-status");
    if (status) status.textContent = button.getAttribute("data-label") + ": referral pattern shown on the body chart.";
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-referral]");
    if (!button) return;
    var wasPressed = button.getAttribute("aria-pressed") === "true";
    clear();
    if (!wasPressed) show(button);
  });
  // A new ranking replaces the buttons; drop highlights that no longer belong to one.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "candidates") clear();
  });

  // Palpation rows: "Add a row" gives one more (up to the formset's maximum); a candidate's "Add
  // to palpation" fills an empty row (or adds one) per side with that muscle.
  function rowsOf(prefix) {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var body = document.querySelector("table.palpation tbody");
    return { total: total, max: max ? parseInt(max.value, 10) : 1000, body: body };
  }
  function newRow(prefix) {
    var rows = rowsOf(prefix);
    if (!rows.total || !rows.body || !rows.body.rows.length) return null;
    var count = parseInt(rows.total.value, 10);
    if (count >= rows.max) return null;
    var row = rows.body.rows[rows.body.rows.length - 1].cloneNode(true);
    var pattern = new RegExp(prefix + "-\\d+-", "g");
    row.querySelectorAll("[name], [id], [for]").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(pattern, prefix + "-" + count + "-"));
      });
      if (el.tagName === "SELECT") el.selectedIndex = 0;
      else if (el.type === "checkbox" || el.type === "radio") el.checked = false;
      else if (el.tagName === "INPUT") el.value = "";
    });
    row.querySelectorAll("label.visually-hidden").forEach(function (label) {
      label.textContent = label.textContent.replace(/\d+$/, String(count + 1));
    });
    rows.body.appendChild(row);
    rows.total.value = String(count + 1);
    return row;
  }
  function emptyRow(prefix) {
    var found = null;
    document.querySelectorAll("select[name^='" + prefix + "-'][name$='-muscle']").forEach(function (s) {
      if (!found && !s.value) found = s.closest("tr");
    });
    return found || newRow(prefix);
  }
  function say(text) {
    var status = document.getElementById("palp-status");
    if (status) status.textContent = text;
  }
  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-row]");
    if (add) {
      var row = newRow(add.getAttribute("data-add-row"));
      say(row ? "A row was added." : "No more rows can be added.");
      if (row) row.querySelector("select").focus();
      return;
    }
    var muscle = event.target.closest("[data-add-palpation]");
    if (!muscle) return;
    var sides = muscle.getAttribute("data-sides").trim().split(/\s+/).filter(Boolean);
    if (!sides.length) sides = ["left"];
    var added = 0;
    sides.forEach(function (side) {
      var target = emptyRow("palp");
      if (!target) return;
      var pick = target.querySelector("select[name$='-muscle']");
      pick.value = muscle.getAttribute("data-add-palpation");
      pick.dispatchEvent(new Event("change", { bubbles: true }));
      var sideSelect = target.querySelector("select[name$='-side']");
      if (sideSelect) sideSelect.value = side;
      added += 1;
    });
    say(added ? muscle.getAttribute("data-label") + ": " + added + " row(s) added to palpation." : "No more rows can be added.");
  });
})();
