// Small behaviours for Taut's pages. No inline scripts: the content security policy forbids them.
(function () {
  "use strict";

  // Move keyboard and screen-reader focus to the error summary when a form comes back with errors.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) summary.focus();
  });

  // A trigger-point picker offers only the chosen muscle's trigger points: the options are
  // grouped under muscle labels; other groups are hidden and a stale choice is cleared.
  function pointsFor(muscle) {
    var name = muscle.name.replace(/muscle$/, "trigger_point");
    var points = muscle.form && muscle.form.querySelector("select[name='" + name + "']");
    if (!points) return;
    var chosen = muscle.selectedOptions[0];
    var label = chosen && chosen.value ? chosen.textContent.trim() : "";
    points.querySelectorAll("optgroup").forEach(function (group) {
      var mine = group.label === label;
      group.hidden = !mine;
      group.disabled = !mine;
    });
    var picked = points.selectedOptions[0];
    if (picked && picked.parentElement.tagName === "OPTGROUP" && picked.parentElement.disabled) {
      points.value = "";
    }
  }
  function allPoints(root) {
    root.querySelectorAll("select[name$='muscle']").forEach(pointsFor);
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.tagName === "SELECT" && /muscle$/.test(target.name)) pointsFor(target);
  });
  document.addEventListener("DOMContentLoaded", function () { allPoints(document); });
  document.addEventListener("htmx:afterSwap", function (event) { allPoints(event.target); });

  // Leaving a page with unsaved changes asks first (forms marked data-warn-unsaved). Sending
  // the form, or a form coming back refused with what was typed, is not "leaving".
  var dirty = false;
  document.addEventListener("input", function (event) {
    if (event.target.form && event.target.form.hasAttribute("data-warn-unsaved")) dirty = true;
  });
  document.addEventListener("change", function (event) {
    if (event.target.form && event.target.form.hasAttribute("data-warn-unsaved")) dirty = true;
  });
  // On window, so it runs after the document's handlers (a refused data-confirm keeps it dirty).
  window.addEventListener("submit", function (event) { if (!event.defaultPrevented) dirty = false; });
  document.addEventListener("DOMContentLoaded", function () {
    // A form that came back refused holds typing that is not saved yet.
    if (document.querySelector("form[data-warn-unsaved]") &&
        document.querySelector(".error-summary:not([data-saved])")) dirty = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // A follow-up question (inputs marked data-follow-up-of="PARENT ...") shows only while one of
  // its parent questions is answered yes; hidden, its answer is cleared.
  function followUps(form) {
    form.querySelectorAll("input[data-follow-up-of]").forEach(function (input) {
      var box = input.closest("fieldset");
      if (!box) return;
      var parents = input.getAttribute("data-follow-up-of").split(" ");
      var open = parents.some(function (name) {
        var yes = form.querySelector("input[name='" + name + "'][value='yes']");
        return yes && yes.checked;
      });
      box.hidden = !open;
      if (!open) form.querySelectorAll("input[name='" + input.name + "']").forEach(function (r) { r.checked = false; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("input[data-follow-up-of]")) followUps(form);
    });
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.querySelector("input[data-follow-up-of]")) followUps(form);
  });

  // A form with data-confirm asks before it is sent (deactivating someone, for example).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // Idle log-off: the server ends the session; this reloads the page when the time is up, so a
  // chart is not left open on a screen, and warns a minute before.
  var body = document.body;
  var minutes = parseInt(body.getAttribute("data-idle-minutes") || "", 10);
  if (!minutes) return;
  var warnAfter = Math.max(minutes - 1, 0.5) * 60 * 1000;
  var endAfter = minutes * 60 * 1000 + 2000;
  var warnTimer, endTimer, banner;

  function reset() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    if (banner) { banner.remove(); banner = null; }
    warnTimer = setTimeout(warn, warnAfter);
    endTimer = setTimeout(function () { window.location.reload(); }, endAfter);
  }
  function warn() {
    banner = document.createElement("p");
    banner.className = "idle-warning";
    banner.setAttribute("role", "alert");
    banner.textContent = body.getAttribute("data-idle-warning");
    document.body.prepend(banner);
  }
  // The server counts a request as activity, so the clock restarts on each page load and htmx request.
  document.addEventListener("htmx:afterRequest", reset);
  reset();
})();
