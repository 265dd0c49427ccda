// Live desa filter: when the kecamatan changes, offer only that kecamatan's desa.
// Without JavaScript the form has a "Pilih kecamatan" button that does the same on the server.
(function () {
  "use strict";
  var source = document.getElementById("desa-options");
  if (!source) return;
  var options = JSON.parse(source.textContent);

  document.querySelectorAll("form").forEach(function (form) {
    var kecamatan = form.querySelector('[data-region="kecamatan"]');
    var desa = form.querySelector('[data-region="desa"]');
    if (!kecamatan || !desa) return;
    form.querySelectorAll("[data-region-step]").forEach(function (step) {
      step.hidden = true;
    });
    kecamatan.addEventListener("change", function () {
      var chosen = desa.value;
      var rows = options[kecamatan.value] || [];
      desa.replaceChildren(
        new Option(kecamatan.value ? desa.dataset.emptyLabel : desa.dataset.noKecamatanLabel, "")
      );
      rows.forEach(function (row) {
        desa.add(new Option(row[1], row[0], false, row[0] === chosen));
      });
    });
  });
})();
