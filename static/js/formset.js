// "Tambah baris": copies the empty form of a formset. Without JavaScript the page always
// keeps one blank row, and a new one appears after each save.
document.querySelectorAll("[data-formset-add]").forEach(function (button) {
  var prefix = button.dataset.formsetAdd;
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
  button.hidden = false;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) { return; }
    var html = document.getElementById(prefix + "-empty").innerHTML.replace(/__prefix__/g, index);
    var list = document.getElementById(prefix + "-forms");
    list.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    var card = list.lastElementChild;
    card.dispatchEvent(new Event("formset:added", {bubbles: true}));
    var first = card.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
  });
});
