// Pain-drawing body chart ({% body_chart %}; docs/bodychart.md). No inline code: CSP forbids it.
//
// The list of checkboxes is the form control and works without JavaScript. This script makes the
// drawing operable too: each region shape becomes a focusable checkbox (Tab / Shift+Tab, Space or
// Enter toggles, arrow keys move to the nearest region in that direction), the shapes and the
// list stay in step (a region drawn in both views is one region), and every change dispatches a
// bubbling "bodychart:change" event on the chart with the selected references.
(function () {
  "use strict";

  var INTENSITY_CLASSES = ["bc-ix", "bc-i0", "bc-i1", "bc-i2", "bc-i3", "bc-i4", "bc-i5",
    "bc-i6", "bc-i7", "bc-i8", "bc-i9", "bc-i10"];

  function byRef(root, selector) {
    var map = {};
    root.querySelectorAll(selector).forEach(function (el) {
      var ref = el.getAttribute("data-ref");
      (map[ref] = map[ref] || []).push(el);
    });
    return map;
  }

  function init(root) {
    if (root.hasAttribute("data-bc-ready") || root.hasAttribute("data-readonly")) return;
    root.setAttribute("data-bc-ready", "");
    var name = root.getAttribute("data-name");
    var groups = byRef(root, ".bc-shape");
    var regions = byRef(root, ".bc-region");
    var numbers = byRef(root, ".bc-num");
    var items = {};
    root.querySelectorAll(".bc-item").forEach(function (li) {
      items[li.getAttribute("data-ref")] = {
        box: li.querySelector("input[type=checkbox]"),
        intensity: li.querySelector(".bc-details select[name*='-intensity-']"),
        quality: li.querySelector(".bc-details select[name*='-quality-']"),
        details: li.querySelectorAll(".bc-details select")
      };
    });

    function selected() {
      return Object.keys(items).filter(function (ref) { return items[ref].box.checked; });
    }

    function paint(ref) {
      var item = items[ref];
      if (!item) return;
      var on = item.box.checked;
      var level = item.intensity ? item.intensity.value : "";
      var quality = item.quality ? item.quality.value : "";
      item.details.forEach(function (el) { el.disabled = !on; });
      (groups[ref] || []).forEach(function (g) {
        g.classList.toggle("bc-shape--marked", on);
        INTENSITY_CLASSES.forEach(function (c) { g.classList.remove(c); });
        if (on) g.classList.add(level === "" ? "bc-ix" : "bc-i" + level);
        var pattern = g.querySelector(".bc-pattern");
        pattern.setAttribute("fill", on && quality ? "url(#" + name + "-q-" + quality + ")" : "none");
      });
      (regions[ref] || []).forEach(function (r) { r.setAttribute("aria-checked", on ? "true" : "false"); });
      (numbers[ref] || []).forEach(function (t) { t.textContent = on ? level : ""; });
    }

    function changed() {
      root.dispatchEvent(new CustomEvent("bodychart:change", {
        bubbles: true,
        detail: { name: name, refs: selected() }
      }));
    }

    function toggle(ref) {
      var item = items[ref];
      if (!item) return;
      item.box.checked = !item.box.checked;
      paint(ref);
      changed();
    }

    // Spatial keyboard movement: the nearest region whose centre lies in the arrow's direction.
    function move(from, key) {
      var svg = from.ownerSVGElement;
      var all = Array.prototype.slice.call(svg.querySelectorAll(".bc-region"));
      var a = from.getBBox();
      var ax = a.x + a.width / 2, ay = a.y + a.height / 2;
      var best = null, bestScore = Infinity;
      all.forEach(function (el) {
        if (el === from) return;
        var b = el.getBBox();
        var dx = b.x + b.width / 2 - ax, dy = b.y + b.height / 2 - ay;
        // Across the arrow's direction only the gap between the two shapes counts, so a wide
        // band directly below is "below" even though its centre is off to one side.
        var gapX = Math.max(0, b.x - (a.x + a.width), a.x - (b.x + b.width));
        var gapY = Math.max(0, b.y - (a.y + a.height), a.y - (b.y + b.height));
        var along, across;
        if (key === "ArrowLeft") { along = -dx; across = gapY; }
        else if (key === "ArrowRight") { along = dx; across = gapY; }
        else if (key === "ArrowUp") { along = -dy; across = gapX; }
        else { along = dy; across = gapX; }
        if (along <= 0.5) return;
        var score = along + 3 * across;
        if (score < bestScore) { bestScore = score; best = el; }
      });
      if (best) best.focus();
    }

    function showFocus(region) {
      var svg = region.ownerSVGElement;
      svg.querySelectorAll(".bc-focus").forEach(function (ring) {
        ring.setAttribute("d", region.getAttribute("d"));
        ring.classList.add("bc-focus--on");
      });
    }

    function hideFocus(svg) {
      svg.querySelectorAll(".bc-focus").forEach(function (ring) { ring.classList.remove("bc-focus--on"); });
    }

    root.querySelectorAll(".bc-svg").forEach(function (svg) {
      svg.removeAttribute("aria-hidden");
      svg.addEventListener("click", function (event) {
        var region = event.target.closest(".bc-region");
        if (region) toggle(region.getAttribute("data-ref"));
      });
      svg.addEventListener("keydown", function (event) {
        var region = event.target.closest(".bc-region");
        if (!region) return;
        if (event.key === " " || event.key === "Enter") {
          event.preventDefault();
          toggle(region.getAttribute("data-ref"));
        } else if (/^Arrow(Up|Down|Left|Right)$/.test(event.key)) {
          event.preventDefault();
          move(region, event.key);
        }
      });
      svg.addEventListener("focusin", function (event) {
        var region = event.target.closest(".bc-region");
        if (region) showFocus(region);
      });
      svg.addEventListener("focusout", function () { hideFocus(svg); });
    });
    root.querySelectorAll(".bc-region").forEach(function (r) { r.setAttribute("tabindex", "0"); });

    root.addEventListener("change", function (event) {
      var li = event.target.closest(".bc-item");
      if (!li) return;
      var ref = li.getAttribute("data-ref");
      paint(ref);
      if (event.target === items[ref].box) changed();
    });

    Object.keys(items).forEach(paint);
    root.classList.add("bc--enhanced");
  }

  function initAll(scope) {
    var node = scope && scope.querySelectorAll ? scope : document;
    if (node.matches && node.matches("[data-bodychart]")) init(node);
    node.querySelectorAll("[data-bodychart]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  } else {
    initAll(document);
  }
  // Charts swapped in by htmx: afterSwap gives the swap target, load each new element.
  document.addEventListener("htmx:afterSwap", function (event) { initAll(event.target); });
  document.addEventListener("htmx:load", function (event) { initAll(event.target); });
})();
