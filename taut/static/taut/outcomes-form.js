// "One item per screen" for patients answering on the clinic tablet: show one question at a
// time with Back/Next; without JavaScript the whole form shows and works the same.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-one-per-screen]");
    if (!form) return;
    var items = Array.prototype.slice.call(form.querySelectorAll("[data-item]"));
    if (items.length < 2) return;
    var submit = form.querySelector("button[type=submit]");
    var nav = document.createElement("div");
    nav.className = "form-actions";
    var back = document.createElement("button");
    back.type = "button"; back.className = "button"; back.textContent = "←";
    back.setAttribute("aria-label", "Previous question");
    var next = document.createElement("button");
    next.type = "button"; next.className = "button button--primary"; next.textContent = "→";
    next.setAttribute("aria-label", "Next question");
    var status = document.createElement("p");
    status.className = "progress"; status.setAttribute("aria-live", "polite");
    nav.appendChild(back); nav.appendChild(next);
    form.insertBefore(status, items[0]);
    items[items.length - 1].after(nav);
    var index = 0;
    function show() {
      items.forEach(function (item, i) { item.hidden = i !== index; });
      back.disabled = index === 0;
      next.hidden = index === items.length - 1;
      submit.hidden = index !== items.length - 1;
      status.textContent = (index + 1) + " / " + items.length;
      var first = items[index].querySelector("input");
      if (first) first.focus();
    }
    back.addEventListener("click", function () { if (index > 0) { index -= 1; show(); } });
    next.addEventListener("click", function () { if (index < items.length - 1) { index += 1; show(); } });
    items.forEach(function (item) {
      item.addEventListener("change", function () {
        if (index < items.length - 1) { index += 1; show(); }
      });
    });
    show();
  });
})();
