// Small behaviours for every page, driven by data- attributes. The Content-Security-Policy
// forbids inline handlers (onclick=, onchange=, ...), so templates say what they want and
// this file does it. Without JavaScript every form still works (confirmations are skipped).
(function () {
  "use strict";

  // <select data-autosubmit>: send the form as soon as the choice changes (language picker).
  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (field && field.form) { field.form.submit(); }
  });

  // <button data-confirm="Yakin?">: ask before submitting; cancel keeps the page as it is.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-confirm], input[data-confirm], a[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) { event.preventDefault(); }
  });

  // <form data-confirm="Yakin?">: the same for a whole form (any submit button).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) { event.preventDefault(); }
  });

  // <input type="checkbox" data-select-all="selected">: tick or untick every checkbox named so.
  document.addEventListener("change", function (event) {
    var toggle = event.target.closest("input[data-select-all]");
    if (!toggle) { return; }
    document.querySelectorAll('input[type="checkbox"][name="' + toggle.dataset.selectAll + '"]').forEach(function (box) {
      box.checked = toggle.checked;
    });
  });

  // <input data-select-on-focus>: a read-only link is selected whole when clicked.
  document.addEventListener("click", function (event) {
    var input = event.target.closest("input[data-select-on-focus]");
    if (input) { input.select(); }
  });

  // <button data-copy-from="id" data-done="Tersalin">: copy that field's value to the clipboard.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy-from]");
    if (!button) { return; }
    var source = document.getElementById(button.dataset.copyFrom);
    if (!source || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(source.value).then(function () {
      if (button.dataset.done) { button.textContent = button.dataset.done; }
    });
  });

  // <ul data-scroll-active>: a sideways-scrolling menu shows its current item (phone section menu).
  document.querySelectorAll("[data-scroll-active]").forEach(function (menu) {
    var current = menu.querySelector(".active");
    if (current) { menu.scrollLeft = current.offsetLeft - (menu.clientWidth - current.offsetWidth) / 2; }
  });
})();
