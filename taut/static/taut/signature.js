// Signature pad for the consent page (consent/consent_take.html). No inline code: CSP forbids it.
//
// The pad is an SVG. Drawing on it with a finger, stylus or mouse builds SVG path data in the
// pad's own coordinates (its viewBox): "M x y" where a stroke starts, "L x y" as it moves. The
// data goes into the hidden input named by the pad's data-input; the server accepts only that
// grammar (taut/consent/signature.py) and draws stored signatures itself. "Clear" empties the pad.
// Patients who cannot draw use the typed-name method, which needs no script at all.
// The method radios show only the chosen method's fieldset (without the script, both show).
(function () {
  "use strict";

  var MAX_LENGTH = 39000; // the server refuses more than 40,000 characters
  var MIN_STEP = 1.5; // pad units between recorded points

  function round(n) {
    return Math.round(n * 10) / 10;
  }

  function clamp(n, high) {
    return round(Math.min(Math.max(n, 0), high));
  }

  function initPad(pad) {
    var surface = pad.querySelector("[data-signature-surface]");
    var stroke = pad.querySelector("[data-signature-stroke]");
    var input = document.getElementById(pad.getAttribute("data-input"));
    var clear = pad.querySelector("[data-signature-clear]");
    var state = pad.querySelector("[data-signature-state]");
    if (!surface || !stroke || !input) return;
    var box = surface.viewBox.baseVal;
    var data = input.value || "";
    var drawing = false;
    var last = null;

    // Drags draw instead of scrolling the page. Set through the CSSOM, which CSP allows (a style
    // attribute in the markup would be refused).
    surface.style.touchAction = "none";
    surface.style.cursor = "crosshair";

    function show() {
      stroke.setAttribute("d", data);
      input.value = data;
      if (state) state.textContent = state.getAttribute(data ? "data-drawn" : "data-empty");
    }

    function point(event) {
      var p = surface.createSVGPoint();
      p.x = event.clientX;
      p.y = event.clientY;
      var matrix = surface.getScreenCTM();
      if (matrix) p = p.matrixTransform(matrix.inverse());
      return [clamp(p.x, box.width), clamp(p.y, box.height)];
    }

    function add(event) {
      var p = point(event);
      if (Math.abs(p[0] - last[0]) + Math.abs(p[1] - last[1]) < MIN_STEP) return;
      if (data.length > MAX_LENGTH) return;
      data += " L" + p[0] + " " + p[1];
      last = p;
    }

    function end() {
      if (!drawing) return;
      drawing = false;
      // A tap without movement draws nothing: drop its lone move.
      data = data.replace(/\s*M[\d.]+ [\d.]+$/, "");
      show();
    }

    surface.addEventListener("pointerdown", function (event) {
      if (event.button > 0) return; // primary button, touch or pen only
      event.preventDefault();
      if (surface.setPointerCapture) surface.setPointerCapture(event.pointerId);
      drawing = true;
      last = point(event);
      data += (data ? " " : "") + "M" + last[0] + " " + last[1];
    });
    surface.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      (events.length ? events : [event]).forEach(add);
      show();
    });
    surface.addEventListener("pointerup", end);
    surface.addEventListener("pointercancel", end);
    surface.addEventListener("lostpointercapture", end);
    // Older touch browsers: keep the page still while drawing.
    surface.addEventListener("touchmove", function (event) { event.preventDefault(); }, { passive: false });

    if (clear) {
      clear.addEventListener("click", function () {
        data = "";
        show();
      });
    }
    show();
  }

  function initMethods(form) {
    var radios = form.querySelectorAll("input[name=method]");
    var panels = form.querySelectorAll("[data-method-panel]");
    if (!radios.length) return;
    function update() {
      var chosen = form.querySelector("input[name=method]:checked");
      panels.forEach(function (panel) {
        panel.hidden = !!chosen && panel.getAttribute("data-method-panel") !== chosen.value;
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  function init() {
    document.querySelectorAll("[data-signature-pad]").forEach(initPad);
    document.querySelectorAll("[data-consent-form]").forEach(initMethods);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
