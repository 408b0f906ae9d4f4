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
})();
